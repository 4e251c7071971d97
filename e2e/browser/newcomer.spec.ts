// A report a newcomer understands (issue 17): every verdict fits a phone and a desktop without
// sideways scrolling, the headline is plain words, the probes are folded, secrets become shell
// variables in "Copy as curl", and a sample URL runs at one click. Screenshots are kept under
// test-results/screenshots/ (and attached to the run) for people to look at.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startPeer, type Peer } from '../peers';
import { startFixture, type Fixture } from '../fixtures';
import { startAuthFixture, type AuthFixture } from '../fixtures/auth';

let healthy: Peer;
let partial: Fixture;
let down: Fixture;
let auth: AuthFixture;

test.beforeAll(async () => {
  [healthy, partial, down, auth] = await Promise.all([startPeer('everything'), startFixture('zero-tools'), startFixture('html'), startAuthFixture('root-only')]);
});
test.afterAll(async () => {
  await Promise.all([healthy?.stop(), partial?.stop(), down?.stop(), auth?.stop()]);
});

const CASES = [
  { name: 'good', chip: 'GOOD', url: () => healthy.url },
  { name: 'warn', chip: 'WARN', url: () => partial.url },
  { name: 'auth', chip: 'AUTH', url: () => auth.url },
  { name: 'down', chip: 'DOWN', url: () => down.url },
] as const;

async function check(page: Page, url: string, chip: string) {
  await page.goto(`/?url=${encodeURIComponent(url)}`);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('[data-verdict]').first()).toHaveText(chip, { timeout: 30_000 });
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

for (const width of [1280, 390] as const) {
  for (const c of CASES) {
    test(`${c.chip} report at ${width} px: no sideways scroll, screenshot`, async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await check(page, c.url(), c.chip);
      // Open the first step and the probes too: the widest content is in there.
      await page.locator('tr.step button.expander').first().click();
      const probes = page.locator('button.probes-toggle');
      if (await probes.count()) await probes.click();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      const shot = await page.screenshot({ fullPage: true, path: `test-results/screenshots/newcomer-${c.name}-${width}.png` });
      await testInfo.attach(`newcomer-${c.name}-${width}.png`, { body: shot, contentType: 'image/png' });

      // "12 ms" sits on one line in every latency cell and in the "checked … in N ms" line.
      const splitLatencies = await page.evaluate(() =>
        [...document.querySelectorAll('td.num, .target')].filter((el) => {
          const range = document.createRange();
          const text = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && /\d\u00a0m?s/.test(n.textContent ?? ''));
          if (!text) return false;
          const at = (text.textContent ?? '').search(/\d+\u00a0m?s/);
          const len = /\d+\u00a0m?s/.exec(text.textContent ?? '')![0].length;
          range.setStart(text, at);
          range.setEnd(text, at + len);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return tops.size > 1;
        }).length,
      );
      expect(splitLatencies).toBe(0);

      if (width === 390) {
        // A step row stacks: the name on its own line, latency and notes under it, words whole.
        const row = page.locator('tr.step').first();
        const name = await row.locator('.step-name').boundingBox();
        const latency = await row.locator('td.num').boundingBox();
        expect(name && latency && latency.y >= name.y + name.height - 1).toBe(true);
      }
    });
  }
}

test('AUTH on a phone: long metadata names wrap inside the card', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, auth.url, 'AUTH');
  const word = page.getByText('authorization_response_iss_parameter_supported', { exact: false }).first();
  await expect(word).toBeVisible();
  const box = await word.boundingBox();
  expect(box && box.x + box.width <= 390).toBe(true);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});

test('GOOD: a plain headline, core steps first, probes folded with a count of their findings', async ({ page }) => {
  await check(page, healthy.url, 'GOOD');
  await expect(page.getByRole('heading', { level: 2, name: /^Healthy: 13 tools.*\. Clients on 2025-11-25.* can connect; 2026-07-28 clients cannot\.$/ })).toBeVisible();
  // The rows a client makes on connect are visible; the side probes are not until unfolded.
  await expect(page.locator('tr[data-step="initialize"]')).toBeVisible();
  await expect(page.locator('tr[data-step="cors-preflight"]')).toHaveCount(0);
  const toggle = page.locator('button.probes-toggle');
  await expect(toggle).toHaveText(/^\d+ probes · (\d+ findings?|no findings)/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('tr[data-step="cors-preflight"]')).toBeVisible();
});

test('DOWN: every finding carries its one-line fix beside the spec link', async ({ page }) => {
  await check(page, down.url, 'DOWN');
  const findings = page.locator('li.finding');
  await expect(findings.first()).toBeVisible();
  await expect(page.locator('li.finding .fix')).toHaveCount(await findings.count());
  await expect(page.locator('li.finding', { hasText: 'T1' }).first()).toContainText('Fix: Serve the MCP endpoint itself');
});

test('before a run the page explains the verdicts and answers the FAQ; the report replaces it', async ({ page }) => {
  await page.goto('/');
  const intro = page.getByRole('region', { name: 'What the check does' });
  await expect(intro).toContainText('WARN');
  await intro.getByText('What is stored?').click();
  await expect(intro).toContainText('Nothing, unless you press Share');
  await page.getByLabel('MCP server URL').fill(healthy.url);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('[data-verdict]').first()).toHaveText('GOOD', { timeout: 30_000 });
  await expect(intro).toHaveCount(0);
});

test('Copy as curl puts $MCP_TOKEN where the typed token was, with an export comment', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(healthy.url);
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('Authorization');
  await page.getByLabel('Header 1 value').fill('Bearer s3cret-token-value');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('[data-verdict]').first()).toHaveText('GOOD', { timeout: 30_000 });
  await page.locator('tr[data-step="initialize"] button.expander').click();
  await page.getByRole('button', { name: 'Copy as curl' }).first().click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^# export MCP_TOKEN=/);
  expect(copied).toContain('"Authorization: Bearer $MCP_TOKEN"');
  expect(copied).not.toContain('•');
  expect(copied).not.toContain('s3cret-token-value');
});

test('the URL error is tied to the field (aria-describedby) and axe finds nothing serious', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill('not a url');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  const field = page.getByLabel('MCP server URL');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const id = await field.getAttribute('aria-describedby');
  expect(id).toBeTruthy();
  await expect(page.locator(`[id="${id}"]`)).toContainText('not a valid URL');
  await expect(field).toHaveAccessibleDescription(/not a valid URL/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('clicking a sample URL runs the check on it', async ({ page }) => {
  await page.goto('/');
  // The samples are public servers: the check's request is caught here and never leaves the browser.
  const sent = new Promise<string>((resolve) => {
    void page.route('**/*', async (route) => {
      const req = route.request();
      if (req.method() === 'POST') {
        resolve(req.postData() ?? '');
        await route.abort();
      } else await route.continue();
    });
  });
  await page.getByRole('button', { name: 'mcp.deepwiki.com' }).click();
  expect(await sent).toContain('https://mcp.deepwiki.com/mcp');
  await expect(page.getByLabel('MCP server URL')).toHaveValue('https://mcp.deepwiki.com/mcp');
});
