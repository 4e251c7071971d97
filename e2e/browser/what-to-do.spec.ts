// Every DOWN and WARN cause shows its "What to do" block (lib/report/advice), against servers that
// really answer that way: hand-written fixtures for the misbehaviour, real SDK peers otherwise.
import { expect, test } from '@playwright/test';
import { startFixture, type Fixture, type FixtureKind } from '../fixtures';
import { startMisbehave, type MisbehaveOptions } from '../fixtures/misbehave';
import { startPeer, type PeerKind } from '../peers';

interface Case {
  cause: string;
  start: () => Promise<{ url: string; stop(): Promise<void> }>;
  chip: 'DOWN' | 'WARN' | 'GOOD';
  advice: string;
  says: RegExp;
}

const fixture = (kind: FixtureKind) => () => startFixture(kind);
const peer = (kind: PeerKind) => () => startPeer(kind);
const misbehave = (o: MisbehaveOptions) => () => startMisbehave(o);

const CASES: Case[] = [
  { cause: 'an HTML page', start: fixture('html'), chip: 'DOWN', advice: 'html-page', says: /often the site's address followed by \/mcp or \/api\/mcp/ },
  { cause: 'a server that never answers', start: fixture('hang'), chip: 'DOWN', advice: 'timeout', says: /proxy that buffers streaming responses/ },
  { cause: '406 on Accept', start: fixture('accept-406'), chip: 'DOWN', advice: 'accept-406', says: /Accept: application\/json, text\/event-stream/ },
  { cause: '404', start: fixture('not-found'), chip: 'DOWN', advice: 'not-found', says: /usually end in \/mcp/ },
  { cause: 'HTTP 500', start: fixture('server-error'), chip: 'DOWN', advice: 'server-error', says: /server's logs/ },
  { cause: 'zero tools', start: fixture('zero-tools'), chip: 'WARN', advice: 'zero-tools', says: /Register at least one tool/ },
  { cause: 'HTTP+SSE only', start: peer('sdk1-httpsse'), chip: 'WARN', advice: 'http-sse-only', says: /StreamableHTTPServerTransport/ },
  { cause: 'a tool list the schema rejects', start: misbehave({ tools: [{ description: 'a tool without a name' }] }), chip: 'WARN', advice: 'tools-list-failed', says: /a name and an inputSchema/ },
  { cause: 'a refused CORS preflight', start: misbehave({ cors: false }), chip: 'GOOD', advice: 'cors-refused', says: /only matters for MCP clients that run in a web page/ },
];

for (const c of CASES) {
  test(`${c.chip} for ${c.cause}: "What to do" says what to change`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const server: { url: string; stop(): Promise<void> } | Fixture = await c.start();
    try {
      await page.goto(`/?url=${encodeURIComponent(server.url)}`);
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await expect(page.locator('[data-verdict]').first()).toHaveText(c.chip, { timeout: 60_000 });
      const block = page.locator(`[data-advice="${c.advice}"]`);
      await expect(block).toBeVisible();
      await expect(page.getByRole('heading', { name: 'What to do' })).toBeVisible();
      await expect(block).toContainText(c.says);
      const shot = await block.screenshot({ path: `test-results/screenshots/what-to-do-${c.advice}.png` });
      await testInfo.attach(`what-to-do-${c.advice}.png`, { body: shot, contentType: 'image/png' });
    } finally {
      await server.stop();
    }
  });
}
