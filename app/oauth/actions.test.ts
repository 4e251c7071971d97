// "Get a token" goes through the guard: it runs a whole discovery check, so it is rate limited
// like one, before anything is sent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'app.test' }),
  cookies: async () => ({ set: () => undefined }),
}));

delete process.env.RATE_LIMIT;
delete process.env.RATE_LIMIT_TOKENS;
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'mcp-health-token-'));

const { startTokenFlow } = await import('./actions');

describe('startTokenFlow', () => {
  it('the 11th sign-in in a minute from one client gets the limit message', async () => {
    // A private address: the policy refuses it after the limit has counted the call, so nothing is sent.
    for (let i = 0; i < 10; i++) {
      expect(await startTokenFlow({ url: 'http://10.0.0.1/mcp' })).toMatchObject({ kind: 'error', field: 'url', message: expect.stringMatching(/private network address/) });
    }
    expect(await startTokenFlow({ url: 'http://10.0.0.1/mcp' })).toEqual({ kind: 'error', message: expect.stringMatching(/^Too many sign-ins from your address: at most 10 sign-ins a minute\. Try again in \d+ s\.$/) });
  }, 60_000);
});
