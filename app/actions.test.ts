// The page's server actions take whatever a browser sends: every malformed input is a clean error
// the page can show, and nothing runs. (The Check button is POST /api/check: app/api/check.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'app.test' }),
  cookies: async () => ({ set: () => undefined }),
}));

process.env.RATE_LIMIT = 'off';
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'mcp-health-actions-'));

const { shareAction, restoreReport } = await import('./actions');
const { startTokenFlow } = await import('./oauth/actions');

describe('server actions with malformed input', () => {
  it.each([[[null]], [null], [{ url: ['x'] }], [{ url: 'https://x.example/mcp', clientId: 12 }]])('startTokenFlow(%j) answers a clean error', async (input) => {
    const res = await startTokenFlow(input);
    expect(['error', 'needs-client-id']).toContain(res.kind);
    expect('message' in res && res.message).toMatch(/\w/);
  });

  it('shareAction and restoreReport refuse what this app did not sign, including a BigInt-like field', async () => {
    // React's action transport turns "$n…" into a real BigInt, which JSON.stringify cannot serialize.
    const bigint = { report: { schemaVersion: 1, durationMs: 12345678901234567890n }, signature: 'v1.AAAA' };
    const cyclic: Record<string, unknown> = { schemaVersion: 1 };
    cyclic.self = cyclic;
    for (const input of [bigint, { report: cyclic, signature: 'v1.AAAA' }, [null], null, 'x', { report: '1', signature: 5 }]) {
      const shared = await shareAction(input);
      expect(shared.ok).toBe(false);
      expect(!shared.ok && shared.error).toMatch(/Only a report this app produced can be shared|cannot be shared|Send \{"report"/);
      expect(await restoreReport(input)).toBeNull();
    }
  });
});
