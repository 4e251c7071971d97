// POST /api/call without a server or a network: validation, the signed-report rule, and the call
// rate limit, which counts apart from checks and is lower by default. Every URL is loopback and
// refused by the default policy; the tool named does not exist, so nothing would be sent anyway.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signReport } from '@/lib/report/sign';
import { sampleReport } from '@/e2e/support/sample-report';
import { POST } from './route';

// app/guard.ts reads the environment once, on the first request.
process.env.RATE_LIMIT_CALLS = '2/min';
process.env.RATE_LIMIT_CHECKS = '100/min';
process.env.REPORT_SIGNING_KEY = 'k'.repeat(32);
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'mcp-health-call-route-'));

function post(body: unknown) {
  return POST(new Request('http://app.test/api/call', { method: 'POST', headers: { 'content-type': 'application/json', host: 'app.test' }, body: JSON.stringify(body) }));
}

const report = sampleReport({ checkedAt: new Date().toISOString() });
const signed = { report, signature: signReport(report, Buffer.from('k'.repeat(32))) };

describe('POST /api/call', () => {
  it('refuses a report this app did not sign, and bad JSON, with 400', async () => {
    const forged = await post({ report: { ...report, url: 'http://169.254.169.254/' }, signature: signed.signature, tool: 'x', arguments: {} });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: string }).error).toMatch(/only from a report this app produced/);
    const bad = await POST(new Request('http://app.test/api/call', { method: 'POST', body: '{' }));
    expect(bad.status).toBe(400);
    expect((await post({ ...signed, tool: 'x', arguments: [1] })).status).toBe(400);
    const cross = await POST(new Request('http://app.test/api/call', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: JSON.stringify({ ...signed, tool: 'x' }) }));
    expect(cross.status).toBe(403);
  });

  it('counts tool calls apart from checks, against RATE_LIMIT_CALLS', async () => {
    const first = await post({ ...signed, tool: 'no-such-tool', arguments: {} });
    expect(first.status).toBe(400);
    expect(((await first.json()) as { error: string }).error).toMatch(/listed no tool named "no-such-tool"/);
    expect((await post({ ...signed, tool: 'no-such-tool', arguments: {} })).status).toBe(400);
    const limited = await post({ ...signed, tool: 'no-such-tool', arguments: {} });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: string }).error).toMatch(/^Too many tool calls from your address: at most 2 tool calls a minute\./);
  });

  it('the default call limit is lower than the check limit', async () => {
    const { DEFAULT_LIMITS } = await import('@/lib/ratelimit');
    expect(DEFAULT_LIMITS.call[0]!.max).toBeLessThan(DEFAULT_LIMITS.check[0]!.max);
  });
});
