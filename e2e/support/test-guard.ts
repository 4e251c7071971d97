// A guard for unit tests: the real guard (limits, cross-site, address policy, signing) in front of
// an engine whose every request is refused at connect, and a resolver that answers from a table.
// Nothing leaves the process.
import type { LookupAddress } from 'node:dns';
import type { OutboundHandle } from '@/lib/net/outbound';
import { MemoryRateLimitStore, type RateLimitStore } from '@/lib/ratelimit';
import { guardConfig } from '@/lib/guard/config';
import { createGuard, type Guard } from '@/lib/guard/guard';

export interface TestGuard {
  guard: Guard;
  /** Every URL the engine was asked to contact (none is contacted). */
  sent: string[];
  store: RateLimitStore;
}

/** `env` as the operator would set it; names resolve from `dns` only (others: ENOTFOUND). */
export function testGuard(env: Record<string, string | undefined> = {}, dns: Record<string, string> = {}): TestGuard {
  const sent: string[] = [];
  const store = new MemoryRateLimitStore();
  const outbound = (): OutboundHandle => ({
    fetch: async (req) => {
      sent.push(req.url);
      return { ok: false, error: { code: 'CONNECT', message: 'connection refused (test)' }, timing: { totalMs: 0 } };
    },
    close: async () => undefined,
  });
  const lookup = async (host: string): Promise<LookupAddress[]> => {
    const address = dns[host];
    if (address === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  const guard = createGuard(guardConfig({ REPORT_SIGNING_KEY: 'k'.repeat(32), ...env }), {
    store,
    peerStamped: () => true,
    engine: { outbound, outboundOptions: { lookup }, stepTimeoutMs: 1_000, checkTimeoutMs: 3_000 },
  });
  return { guard, sent, store };
}
