// runCheck against hostile and broken servers (e2e/fixtures/hostile.ts): each one ends in a
// bounded, clear step error; memory stays bounded; a normal check beside them is not slowed.
// Rules about refusing run with the default (closed) policy; the rest need the opt-in because
// the fixtures live on 127.0.0.1.
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckDeps } from '@/lib/check';
import { engineDeps, type EngineOptions } from '@/lib/deps';
import type { Report, StepErrorCode } from '@/lib/report/schema';
import { startHostile, type HostileKind, type HostileServer } from '../fixtures/hostile';

const STEP_MS = 2_000;

/** Failsafe: whatever the policy decides, these tests never open a socket to anything but loopback. */
const loopbackOnly = (address: string) => address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
const CHECK_MS = 5_000;

/** Opt-in deps for fixtures on 127.0.0.1; `env: {}` so the runner's environment cannot change the policy. */
function optIn(extra: EngineOptions = {}): CheckDeps {
  return engineDeps({ env: {}, allowPrivate: true, connectGuard: loopbackOnly, stepTimeoutMs: STEP_MS, checkTimeoutMs: CHECK_MS, ...extra });
}

/** The default policy: nothing set in the environment. */
function closed(extra: EngineOptions = {}): CheckDeps {
  return engineDeps({ env: {}, connectGuard: loopbackOnly, stepTimeoutMs: STEP_MS, checkTimeoutMs: CHECK_MS, ...extra });
}

/** A resolver that makes public-looking names point at the fixtures (never at anything else). */
function resolver(map: Record<string, string>) {
  return async (hostname: string): Promise<LookupAddress[]> => {
    const address = map[hostname];
    if (!address) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

function firstError(report: Report, code: StepErrorCode) {
  return report.steps.find((s) => s.error?.code === code)?.error;
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

const servers = new Map<HostileKind, HostileServer>();
const KINDS: HostileKind[] = [
  'good',
  'endless-sse',
  'endless-sse-get',
  'long-line-sse',
  'gzip-sse',
  'drip',
  'huge-json',
  'gzip-bomb',
  'deep-json',
  'invalid-utf8',
  'redirect-loop',
  'redirect-metadata',
  'redirect-loopback',
  'reset',
  'self-signed-tls',
];
const url = (k: HostileKind) => servers.get(k)!.url;

beforeAll(async () => {
  for (const s of await Promise.all(KINDS.map((k) => startHostile(k)))) servers.set(s.kind, s);
}, 30_000);
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.stop()));
});

describe('hostile servers (opt-in: the fixtures are on 127.0.0.1)', () => {
  it('the control: a good server is healthy', async () => {
    const r = await runCheck({ url: url('good') }, optIn());
    expect(r.verdict).toBe('healthy');
  });

  it('an endless SSE stream stops after 1 MB of events that are not the answer', async () => {
    const { value: r, ms } = await timed(() => runCheck({ url: url('endless-sse') }, optIn()));
    expect(firstError(r, 'TOO_LARGE')?.message).toMatch(/event stream sent more than 1 MB of other events .*without the response/);
    expect(ms).toBeLessThan(CHECK_MS + 1_000);
  });

  it.each(['long-line-sse', 'gzip-sse'] as const)('%s: a line that never ends is dropped past 64 KB, holding and reading little', async (kind) => {
    const server = servers.get(kind)!;
    const sentBefore = server.sent();
    const r = await runCheck({ url: url(kind) }, optIn());
    expect(firstError(r, 'TOO_LARGE')?.message).toMatch(/a line of more than 64 KB that cannot be part of a JSON-RPC message/);
    // The reader hung up after 64 KB per request: the slow server got nowhere near the 4 MB read cap.
    if (kind === 'long-line-sse') expect(server.sent() - sentBefore).toBeLessThan(2 * 1024 * 1024);
  });

  it('an endless stream on the HTTP+SSE probe is bounded too', async () => {
    const { value: r, ms } = await timed(() => runCheck({ url: url('endless-sse-get') }, optIn()));
    expect(r.steps.find((s) => s.id === 'http+sse GET')?.status).toBe('error');
    expect(ms).toBeLessThan(CHECK_MS + 1_000);
  });

  it('a server that drips one byte a second times out at the step deadline', async () => {
    const { value: r, ms } = await timed(() => runCheck({ url: url('drip') }, optIn()));
    expect(firstError(r, 'TIMEOUT')?.message).toMatch(/did not finish in time/);
    expect(ms).toBeGreaterThanOrEqual(STEP_MS - 100);
    expect(ms).toBeLessThan(STEP_MS + 2_000);
  });

  it.each([
    ['huge-json', /larger than 4 MB/],
    ['gzip-bomb', /larger than 4 MB/],
  ] as const)('%s: stops at the byte cap (after decompression) and memory stays bounded', async (kind, message) => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const { value: r, ms } = await timed(() => runCheck({ url: url(kind) }, optIn()));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(firstError(r, 'TOO_LARGE')?.message).toMatch(message);
    expect(ms).toBeLessThan(CHECK_MS);
    expect((peak - before) / (1024 * 1024)).toBeLessThan(150);
    if (kind === 'huge-json') expect(servers.get(kind)!.sent()).toBeLessThan(60 * 1024 * 1024); // we hung up long before 100 MB
  });

  it('deeply nested JSON is refused before it is parsed', async () => {
    const r = await runCheck({ url: url('deep-json') }, optIn());
    expect(firstError(r, 'PARSE')?.message).toMatch(/nested more than 128 levels/);
  });

  it('invalid UTF-8 is named as such', async () => {
    const r = await runCheck({ url: url('invalid-utf8') }, optIn());
    expect(firstError(r, 'PARSE')?.message).toMatch(/not valid UTF-8/);
  });

  it('a redirect loop is detected', async () => {
    const r = await runCheck({ url: url('redirect-loop') }, optIn());
    const e = firstError(r, 'REDIRECT');
    expect(e?.message).toMatch(/redirects in a loop/);
    const step = r.steps.find((s) => s.error?.code === 'REDIRECT');
    expect(step?.response?.redirects?.length).toBeGreaterThanOrEqual(2);
  });

  it('an endless redirect chain stops after 5 hops', async () => {
    const r = await runCheck({ url: url('redirect-loop').replace('/mcp', '/chain/0') }, optIn());
    expect(firstError(r, 'REDIRECT')?.message).toMatch(/More than 5 redirects/);
  });

  it('a connection reset mid-response is a network error that says so', async () => {
    const r = await runCheck({ url: url('reset') }, optIn());
    expect(firstError(r, 'NETWORK')?.message).toMatch(/reset the connection|closed the connection/);
  });

  it('a self-signed certificate is a TLS error that names the cause', async () => {
    const r = await runCheck({ url: url('self-signed-tls') }, optIn());
    expect(firstError(r, 'TLS')?.message).toMatch(/self-signed/);
  });
});

describe('refusals with the default (closed) policy', () => {
  it('127.0.0.1 is refused before any connection', async () => {
    const s = servers.get('good')!;
    const before = s.connections();
    const r = await runCheck({ url: s.url }, closed());
    expect(firstError(r, 'BLOCKED')?.message).toMatch(/loopback/);
    expect(s.connections()).toBe(before);
    expect(r.verdict).toBe('unreachable');
  });

  it('a DNS name that resolves to a private address is refused before any connection', async () => {
    const s = servers.get('good')!;
    const before = s.connections();
    const lookup = resolver({ 'innocent.example': '127.0.0.1' });
    const r = await runCheck({ url: `http://innocent.example:${s.port}/mcp` }, closed({ lookup }));
    expect(firstError(r, 'BLOCKED')?.message).toMatch(/innocent\.example: it resolves to 127\.0\.0\.1/);
    expect(s.connections()).toBe(before);
  });

  // The first hop is allowed by name (an allow-list entry, resolved by the injected resolver to
  // the fixture); the redirect target is re-checked on its own and refused without connecting.
  it.each([
    ['redirect-metadata', /169\.254\.169\.254.*metadata/],
    ['redirect-loopback', /127\.0\.0\.1.*loopback/],
  ] as const)('%s: the redirect hop is re-checked and refused', async (kind, message) => {
    const s = servers.get(kind)!;
    const lookup = resolver({ 'mcp.hostile.example': '127.0.0.1' });
    const before = s.connections();
    const r = await runCheck({ url: `http://mcp.hostile.example:${s.port}/mcp` }, closed({ lookup, allowHosts: ['mcp.hostile.example'] }));
    const step = r.steps.find((x) => x.error?.code === 'BLOCKED');
    expect(step?.error?.message).toMatch(/redirected to/);
    expect(step?.error?.message).toMatch(message);
    expect(step?.response?.status).toBe(307);
    expect(step?.response?.redirects?.[0]?.to).toMatch(kind === 'redirect-metadata' ? /^http:\/\/169\.254\.169\.254\// : /^http:\/\/127\.0\.0\.1:/);
    // Only connections to the allowed first hop: one per request that goes out at once (the era probes and the CORS preflight), none more.
    expect(s.connections() - before).toBeLessThanOrEqual(4);
  });

  it('a check may not target the app itself', async () => {
    const s = servers.get('good')!;
    const before = s.connections();
    const r = await runCheck({ url: `http://localhost:${s.port}/mcp` }, optIn({ selfOrigins: [`http://127.0.0.1:${s.port}`] }));
    expect(firstError(r, 'BLOCKED')?.message).toMatch(/health checker itself/);
    expect(s.connections()).toBe(before);
  });
});

describe('isolation', () => {
  it('a normal check running beside hostile ones completes quickly and correctly', async () => {
    const solo = await timed(() => runCheck({ url: url('good') }, optIn()));
    const hostile = (['drip', 'endless-sse', 'huge-json', 'gzip-bomb', 'deep-json', 'redirect-loop'] as const).map((k) => runCheck({ url: url(k) }, optIn()));
    // Let the hostile checks get going first.
    await new Promise((r) => setTimeout(r, 100));
    const beside = await timed(() => runCheck({ url: url('good') }, optIn()));
    expect(beside.value.verdict).toBe('healthy');
    expect(beside.value.tools.map((t) => t.name)).toEqual(['echo']);
    expect(beside.ms).toBeLessThan(Math.max(1_500, solo.ms * 10));
    await Promise.all(hostile);
  });
});
