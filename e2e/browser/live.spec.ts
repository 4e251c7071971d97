// Live steps on the page (issue 17): rows appear as they finish, a counter runs, the verdict shows
// before the clean-up ends, and Cancel stops the check on the server being checked.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startDelayServer, type DelayServer } from '../bench/delay-fixtures';
import { startFixture, type Fixture } from '../fixtures';

const D = 800;
let slow: DelayServer;
let hang: Fixture;

test.beforeAll(async () => {
  [slow, hang] = await Promise.all([startDelayServer({ kind: 'legacy', delayMs: D }), startFixture('hang')]);
});
test.afterAll(async () => {
  await Promise.all([slow?.stop(), hang?.stop()]);
});

async function start(page: Page, url: string) {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(url);
  await page.getByRole('button', { name: 'Check' }).click();
}

const total = (s: DelayServer) => [...s.counts.values()].reduce((a, b) => a + b, 0);

for (const width of [1280, 390]) {
  test(`at ${width} px: a row before the verdict, a running counter, the verdict before the DELETE, then the report`, async ({ page }, info) => {
    await page.setViewportSize({ width, height: 900 });
    // The server holds its DELETE answers until we have looked at the verdict: the window between
    // verdict and clean-up is then as long as the test needs, not one delay that polling can miss.
    const release = slow.holdDeletes();
    try {
      await start(page, slow.url);
      const live = page.locator('section[data-live="running"]');
      await expect(live).toBeVisible();
      const counter = live.getByRole('timer');
      await expect(counter).toHaveText(/^\d+\.\d\s*s$/);
      const first = Number.parseFloat((await counter.textContent()) ?? '');

      // The era probes answer after D; the verdict needs three round trips.
      await expect(live.locator('tr[data-step]').first()).toBeVisible({ timeout: 10_000 });
      await expect(page.locator('[data-live-verdict]')).toHaveCount(0);
      await expect(live.locator('tr[data-step="initialize"]')).toBeVisible();
      expect(Number.parseFloat((await counter.textContent()) ?? '')).toBeGreaterThan(first);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: info.outputPath(`live-running-${width}.png`), fullPage: true });

      // The verdict is shown while the session's DELETE is still out.
      await expect(page.locator('[data-live-verdict]')).toHaveText('GOOD', { timeout: 10_000 });
      await expect.poll(() => slow.counts.get('DELETE') ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      await expect(live.locator('tr[data-step="delete"]')).toHaveCount(0);
      await expect(live).toContainText('Verdict known');
      await page.screenshot({ path: info.outputPath(`live-verdict-${width}.png`), fullPage: true });
    } finally {
      release();
    }

    // Then the report replaces the live rows, with the DELETE that finished after the verdict.
    await expect(page.locator('[data-verdict]')).toHaveText('GOOD', { timeout: 10_000 });
    await expect(page.locator('section[data-live]')).toHaveCount(0);
    await expect(page.locator('tr[data-step="delete"]')).toContainText('session ended');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
}

test('Cancel stops the check: the requests in flight end, nothing more is sent, and no verdict is shown', async ({ page }, info) => {
  await start(page, hang.url);
  await expect(page.locator('section[data-live="running"]')).toBeVisible();
  // The era probes are out, and the server never answers them.
  await expect.poll(() => hang.inFlight(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  // The running view as it is now, for the accessibility check below: axe takes seconds on a busy
  // machine, and the check ends on its own when the step timeout (10 s) runs out. CI lost that race.
  const running = await page.locator('section[data-live="running"]').evaluate((el) => el.outerHTML);
  const sent = hang.requests.length;
  await page.getByRole('button', { name: 'Cancel' }).click();
  const cancelled = page.locator('section[data-live="cancelled"]');
  await expect(cancelled).toContainText(/Cancelled after \d+\.\d\s*s: no verdict/);
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check' })).toBeEnabled();
  await expect.poll(() => hang.inFlight(), { timeout: 5_000 }).toBe(0);
  await page.waitForTimeout(1_000);
  expect(hang.requests.length).toBe(sent);
  await expect(page.locator('[data-verdict], [data-live-verdict]')).toHaveCount(0);
  expect((await new AxeBuilder({ page }).include('section[data-live]').analyze()).violations).toEqual([]);
  await page.screenshot({ path: info.outputPath('live-cancelled.png'), fullPage: true });
  // The live view while it ran is as accessible as the report (the counter is a timer, Cancel a real
  // button): its markup, put back in place of the cancelled view, under the page's own styles.
  expect(running).toContain('role="timer"');
  await page.locator('section[data-live]').evaluate((el, html) => {
    el.outerHTML = html;
  }, running);
  await expect(page.locator('section[data-live="running"]').getByRole('button', { name: 'Cancel' })).toBeVisible();
  expect((await new AxeBuilder({ page }).include('section[data-live]').analyze()).violations).toEqual([]);
});

test('Cancel on a slow server after the first rows: no DELETE reaches it', async ({ page }) => {
  await start(page, slow.url);
  await expect(page.locator('section[data-live] tr[data-step]').first()).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('section[data-live="cancelled"]')).toContainText('Cancelled after');
  await page.waitForTimeout(300); // the app hears the closed stream
  // Counted after the cancel: the conformance probes end their own short sessions with a DELETE
  // one round trip in, which may be before the click on a slow machine. What the cancel promises
  // is that nothing more leaves, the check's own DELETE included.
  const sent = total(slow);
  const deletes = slow.counts.get('DELETE') ?? 0;
  await page.waitForTimeout(3 * D);
  expect(total(slow)).toBe(sent);
  expect(slow.counts.get('DELETE') ?? 0).toBe(deletes);
});
