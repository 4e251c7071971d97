import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Outbound } from '../net/types';
import { exchange, type CheckContext } from './exchange';
import { DEFAULT_LIMITS } from './read';

function forceGc(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('exchange', () => {
  it('times a step out at its budget even when a garbage collection runs meanwhile (nodejs/node#57736)', async () => {
    // An outbound that answers only when its signal aborts, like a server that never finishes.
    const outbound: Outbound = (req) =>
      new Promise((resolve) => {
        req.signal?.addEventListener('abort', () => resolve({ ok: false, error: { code: 'TIMEOUT', message: 'timed out' }, timing: { totalMs: 0 } }), { once: true });
      });
    const ctx: CheckContext = {
      outbound,
      t0: performance.now(),
      signal: new AbortController().signal,
      stepTimeoutMs: 200,
      limits: DEFAULT_LIMITS,
      userHeaders: {},
      steps: [],
    };
    const pending = exchange(ctx, { stepId: 'ping', name: 'ping', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: {}, message: { jsonrpc: '2.0', id: 1, method: 'ping' }, expectId: 1 });
    await new Promise((r) => setTimeout(r, 20));
    forceGc();
    const outcome = await Promise.race([pending, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 3_000))]);
    expect(outcome === 'hung' ? 'hung' : outcome.error?.code).toBe('TIMEOUT');
  });
});
