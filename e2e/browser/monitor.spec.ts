// A monitor's status page in a real browser, at desktop and phone width: the verdict, uptime,
// latency chart, timeline, runs and badge, all from runs the app's own scheduler made against a
// real MCP server; the manage token appears nowhere on the public page.
import { expect, test } from '@playwright/test';
import { startPeer, type Peer } from '../peers';

let peer: Peer;

test.beforeAll(async () => {
  peer = await startPeer('sdk2-dual');
});

test.afterAll(async () => {
  await peer?.stop();
});

for (const [name, width, height] of [
  ['desktop', 1280, 900],
  ['phone', 390, 844],
] as const) {
  test(`/m/{id} at ${name} width`, async ({ page, request }) => {
    // Builds of the app share two cores with other suites: a run report page can take a while.
    test.setTimeout(150_000);
    await page.setViewportSize({ width, height });
    const created = await request.post('/api/monitors', { data: { url: peer.url, intervalSeconds: 1 } });
    expect(created.status()).toBe(201);
    const { id, manageToken, statusUrl } = (await created.json()) as { id: string; manageToken: string; statusUrl: string };
    // The app's scheduler (started by instrumentation.ts) runs it every second.
    await expect
      .poll(async () => ((await (await request.get(`/api/monitors/${id}`)).json()) as { runs: unknown[] }).runs.length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);

    await page.goto(new URL(statusUrl).pathname);
    await expect(page.getByTestId('monitor-verdict')).toHaveText('GOOD');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(peer.url);
    await expect(page.getByTestId('uptime')).toContainText('100.0 %');
    await expect(page.getByTestId('latency-chart')).toBeVisible();
    await expect(page.getByTestId('verdict-timeline').locator('rect').first()).toBeVisible();
    await expect(page.getByTestId('runs').locator('tbody tr').first()).toContainText('GOOD');
    await expect(page.getByTestId('badge-markdown')).toHaveText(`[![MCP health](http://127.0.0.1:${new URL(statusUrl).port}/m/${id}/badge.svg)](http://127.0.0.1:${new URL(statusUrl).port}/m/${id})`);
    // The badge image loaded (an SVG the browser could decode).
    expect(await page.getByTestId('badge').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(40);
    expect(await page.content()).not.toContain(manageToken);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/monitor-${name}.png`, fullPage: true });

    // Each run is one click away.
    await page.getByTestId('runs').getByRole('link', { name: 'Open' }).first().click();
    await expect(page.locator('article.report [data-verdict]')).toHaveAttribute('data-verdict', 'healthy');
  });
}

test('Watch this server, from a live report: a status page, the badge Markdown and the manage link shown once', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(peer.url);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('article.report [data-verdict]')).toHaveAttribute('data-verdict', 'healthy', { timeout: 30_000 });

  await page.getByText('Watch this server').click();
  await page.getByLabel('Interval').selectOption({ label: 'every 5 minutes' });
  await page.getByRole('button', { name: 'Start watching' }).click();
  const created = page.getByTestId('watch-created');
  await expect(created).toContainText('Checked every 5 minutes');
  await expect(created.getByRole('note')).toContainText('Manage link, shown once');
  const manage = await created.getByRole('note').getByRole('link').getAttribute('href');
  expect(manage).toMatch(/\/m\/[A-Za-z0-9_-]+\/manage#/);
  await expect(created.locator('code.badge-md')).toContainText('/badge.svg)](');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/watch-panel-phone.png', fullPage: false });

  // The status page is the monitor of this URL.
  await created.getByRole('link', { name: /\/m\// }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(peer.url);
});
