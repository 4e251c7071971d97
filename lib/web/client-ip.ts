// Who is asking: the key rate limits count against. Next 16 gives route handlers and server
// actions no socket address (NextRequest.ip is gone since 15), so instrumentation.ts stamps the
// socket's remote address onto every incoming request as PEER_HEADER, overwriting anything a
// client sent under that name. X-Forwarded-For is used only when the operator says a proxy is
// trusted, since anyone can send it.
import ipaddr from 'ipaddr.js';

export const PEER_HEADER = 'x-mcp-health-peer';

const STAMP = Symbol.for('mcp-health.peer-stamp');

/** Set by the instrumentation hook in the process that serves requests. */
export function markPeerStampActive(): void {
  (globalThis as Record<symbol, unknown>)[STAMP] = true;
}

export function peerStampActive(): boolean {
  return (globalThis as Record<symbol, unknown>)[STAMP] === true;
}

export interface ClientKey {
  key: string;
  source: 'socket' | 'x-forwarded-for' | 'unknown';
}

export type HeaderReader = { get(name: string): string | null };

/** How many reverse proxies in front of the app append to X-Forwarded-For; undefined: none is trusted. */
export type TrustProxy = { hops: number } | undefined;

/** TRUST_PROXY=true (and TRUST_PROXY_HOPS, default 1), from an environment passed in. */
export function trustProxyFromEnv(env: Record<string, string | undefined>): TrustProxy {
  if (!['1', 'true', 'yes', 'on'].includes((env.TRUST_PROXY ?? '').trim().toLowerCase())) return undefined;
  return { hops: Math.max(1, Number.parseInt(env.TRUST_PROXY_HOPS ?? '1', 10) || 1) };
}

/**
 * Behind trusted proxies: the client is the address the nearest trusted proxy saw, the
 * `hops`-th entry from the right of X-Forwarded-For. Otherwise the socket address from the stamp.
 * With neither, every unknown client shares one key, which keeps the limits closed rather than open.
 */
export function clientKey(headers: HeaderReader, trust: TrustProxy, stamped = peerStampActive()): ClientKey {
  if (trust) {
    const hops = trust.hops;
    const entries = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const picked = entries[Math.max(0, entries.length - hops)];
    const key = picked && addressKey(picked);
    if (key) return { key, source: 'x-forwarded-for' };
  }
  if (stamped) {
    const key = addressKey(headers.get(PEER_HEADER) ?? '');
    if (key) return { key, source: 'socket' };
  }
  return { key: 'unknown', source: 'unknown' };
}

/**
 * The address as a rate-limit key. IPv6 clients usually hold a whole /64 and can rotate through
 * it, so they are counted per /64; IPv4-mapped addresses count as their IPv4 address.
 */
export function addressKey(raw: string): string | undefined {
  const s = raw.trim().replace(/^\[|\](:\d+)?$/g, '');
  if (!ipaddr.isValid(s)) return undefined;
  const addr = ipaddr.process(s);
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
