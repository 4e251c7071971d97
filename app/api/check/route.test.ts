// The route as Next serves it: built from the environment through app/guard.ts. Every URL here
// is refused by the default policy before any connection.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POST } from './route';

// app/guard.ts reads the environment once, on the first request.
process.env.RATE_LIMIT = 'off';
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'mcp-health-route-'));

describe('POST /api/check (the app\'s guard)', () => {
  it('refuses a private target as an input error, and a cross-site browser POST', async () => {
    const refused = await POST(new Request('http://app.test/api/check', { method: 'POST', headers: { 'content-type': 'application/json', host: 'app.test' }, body: JSON.stringify({ url: 'http://10.0.0.1/mcp' }) }));
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { field: string }).field).toBe('url');
    const cross = await POST(new Request('http://app.test/api/check', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: '{}' }));
    expect(cross.status).toBe(403);
  });
});
