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
