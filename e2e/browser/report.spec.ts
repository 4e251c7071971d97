// The report page in its four verdicts and both themes: screenshots kept as test artifacts (and
// looked at), and an automated accessibility check with no serious violations.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { startPeer, type Peer } from '../peers';
import { startFixture, type Fixture } from '../fixtures';

let healthy: Peer;
let partial: Fixture;
let down: Fixture;
let auth: Server;
let authUrl: string;

test.beforeAll(async () => {
  [healthy, partial, down] = await Promise.all([startPeer('sdk2-dual'), startFixture('zero-tools'), startFixture('html')]);
  // The smallest protected server: 401 with a Bearer challenge pointing at metadata that is not there.
  auth = createServer((req, res) => {
    res.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="http://127.0.0.1:${(auth.address() as AddressInfo).port}/.well-known/oauth-protected-resource/mcp"` });
    res.end();
  });
  await new Promise<void>((r) => auth.listen(0, '127.0.0.1', r));
  authUrl = `http://127.0.0.1:${(auth.address() as AddressInfo).port}/mcp`;
});
test.afterAll(async () => {
  await Promise.all([healthy?.stop(), partial?.stop(), down?.stop(), new Promise((r) => auth?.close(r))]);
});

const CASES = [
  { name: 'healthy', chip: 'GOOD', url: () => healthy.url },
  { name: 'partial', chip: 'WARN', url: () => partial.url },
  { name: 'auth', chip: 'AUTH', url: () => authUrl },
  { name: 'down', chip: 'DOWN', url: () => down.url },
] as const;

for (const scheme of ['light', 'dark'] as const) {
  for (const c of CASES) {
    test(`${c.name} report, ${scheme} theme: screenshot and accessibility`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/?url=${encodeURIComponent(c.url())}`);
      await page.getByRole('button', { name: 'Check' }).click();
      await expect(page.locator('[data-verdict]')).toHaveText(c.chip, { timeout: 30_000 });
      // Expand the first step so the request/response view is part of the picture and the audit.
      await page.locator('button.expander').first().click();
      // Kept under test-results/screenshots/ (and attached to the run) for people to look at.
      const shot = await page.screenshot({ fullPage: true, path: `test-results/screenshots/${c.name}-${scheme}.png` });
      await testInfo.attach(`${c.name}-${scheme}.png`, { body: shot, contentType: 'image/png' });
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    });
  }
}

test('keyboard only: check, then expand a step with Enter', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(healthy.url);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
  const toggle = page.locator('tr[data-step="server/discover"] button');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
});

test('on a phone the report fits the screen width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/?url=${encodeURIComponent(healthy.url)}`);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});
