// The JSON door's abuse limits, driven without a server. Every URL here is loopback and refused
// by the default policy before any connection; even if that regressed, nothing would leave the machine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '@/lib/ratelimit';
import { setRateLimitStore } from '@/app/limits';
import { POST } from './route';

const saved = { ...process.env };

function post(body: unknown, headers: Record<string, string> = {}) {
  return POST(new Request('http://app.test/api/check', { method: 'POST', headers: { 'content-type': 'application/json', host: 'app.test', ...headers }, body: JSON.stringify(body) }));
}

beforeEach(() => {
  setRateLimitStore(new MemoryRateLimitStore());
  for (const k of ['RATE_LIMIT', 'RATE_LIMIT_CHECKS', 'TRUST_PROXY', 'ALLOW_PRIVATE_NETWORKS', 'ALLOW_HOSTS', 'APP_ORIGIN']) delete process.env[k];
});
afterEach(() => {
  process.env = { ...saved };
});

describe('POST /api/check', () => {
  it('answers 429 with Retry-After and a friendly message past the limit', async () => {
    process.env.RATE_LIMIT_CHECKS = '2/min';
    expect((await post({ url: 'http://127.0.0.1:9/mcp' })).status).toBe(200);
    expect((await post({ url: 'http://127.0.0.1:9/mcp' })).status).toBe(200);
    const res = await post({ url: 'http://127.0.0.1:9/mcp' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Too many checks from your address: at most 2 checks a minute\. Try again in \d+ s\.$/);
  });

  it('counts clients apart by X-Forwarded-For only when a proxy is trusted', async () => {
    process.env.RATE_LIMIT_CHECKS = '1/min';
    const a = { 'x-forwarded-for': '198.51.100.1' };
    const b = { 'x-forwarded-for': '198.51.100.2' };
    // Not trusted: forged XFF values do not buy a fresh budget.
    expect((await post({ url: 'http://127.0.0.1:9/' }, a)).status).toBe(200);
    expect((await post({ url: 'http://127.0.0.1:9/' }, b)).status).toBe(429);
    setRateLimitStore(new MemoryRateLimitStore());
    process.env.TRUST_PROXY = 'true';
    expect((await post({ url: 'http://127.0.0.1:9/' }, a)).status).toBe(200);
    expect((await post({ url: 'http://127.0.0.1:9/' }, b)).status).toBe(200);
    expect((await post({ url: 'http://127.0.0.1:9/' }, a)).status).toBe(429);
  });

  it('is off with RATE_LIMIT=off', async () => {
    process.env.RATE_LIMIT = 'off';
    process.env.RATE_LIMIT_CHECKS = '1/min';
    for (let i = 0; i < 3; i++) expect((await post({ url: 'http://127.0.0.1:9/' })).status).toBe(200);
  });

  it('refuses private targets by default, and the app itself even with the opt-in', async () => {
    process.env.RATE_LIMIT = 'off';
    const closed = (await (await post({ url: 'http://127.0.0.1:9/mcp' })).json()) as { report: { steps: Array<{ error?: { code: string } }> } };
    expect(closed.report.steps[0]?.error?.code).toBe('BLOCKED');
    process.env.ALLOW_PRIVATE_NETWORKS = 'true';
    process.env.ALLOW_HOSTS = 'app.test';
    const self = (await (await post({ url: 'http://app.test/api/check' })).json()) as { report: { summary: string } };
    expect(self.report.summary).toMatch(/health checker itself/);
  });

  it('rejects oversized bodies and bad input with clear messages', async () => {
    const big = await POST(new Request('http://app.test/api/check', { method: 'POST', body: 'x'.repeat(300 * 1024) }));
    expect(big.status).toBe(413);
    const bad = await post({ url: 'https://x.example/', headers: { 'X-A': 'a\r\nInjected: 1' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/line breaks/);
  });
});
