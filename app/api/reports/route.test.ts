// Share's abuse limit, driven without a server or a database: the limit is checked first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POST } from './route';

// app/guard.ts reads the environment once, on the first request; the limits count in a fresh database.
delete process.env.RATE_LIMIT;
process.env.RATE_LIMIT_SHARES = '2/min';
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'mcp-health-reports-'));

const post = (body: string) => POST(new Request('http://app.test/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));

describe('POST /api/reports limits', () => {
  it('answers 429 with Retry-After past the share limit', async () => {
    expect((await post('{}')).status).toBe(403);
    expect((await post('{}')).status).toBe(403);
    const res = await post('{}');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Too many shared reports from your address: at most 2 shared reports a minute\./);
  });
  it('refuses a body over 8 MB without reading it all', async () => {
    const res = await POST(new Request('http://app.test/api/reports', { method: 'POST', headers: { 'content-length': String(9 * 1024 * 1024) }, body: 'x' }));
    expect(res.status).toBe(413);
  });
});
