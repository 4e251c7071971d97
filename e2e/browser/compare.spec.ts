// Compare two shared reports: a healthy server and one that lists no tools, shared through the API,
// then opened side by side at /compare; and the way there from a shared report.
import { expect, test } from '@playwright/test';
import { startPeer, type Peer } from '../peers';
import { startFixture, type Fixture } from '../fixtures';

let peer: Peer;
let empty: Fixture;
test.beforeAll(async () => {
  [peer, empty] = await Promise.all([startPeer('sdk1-json'), startFixture('zero-tools')]);
});
test.afterAll(async () => {
  await Promise.all([peer?.stop(), empty?.stop()]);
});

test('two shared reports side by side: the verdicts, the tools that went away, the steps that changed', async ({ page, request }) => {
  const share = async (url: string) => {
    const res = await request.post('/api/check', { data: { url, share: true, probes: false } });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { shareUrl: string }).shareUrl;
  };
  const [a, b] = await Promise.all([share(peer.url), share(empty.url)]);

  // From the shared report, Compare… fills in A.
  await page.goto(new URL(a).pathname);
  await page.getByRole('link', { name: 'Compare…' }).click();
  await expect(page.getByLabel('Report A')).toHaveValue(a.split('/').pop()!);
  await page.getByLabel('Report B').fill(b);
  await page.getByRole('button', { name: 'Compare' }).click();

  await expect(page.getByRole('heading', { name: /^A GOOD$/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^B WARN$/ })).toBeVisible();
  await expect(page.getByTestId('compare-summary')).toHaveText('The verdict changed, and more below.');
  await expect(page.getByRole('region', { name: 'Server surface' })).toContainText('tool');
  await expect(page.locator('.compare-steps tr[data-changed="true"]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/compare.png', fullPage: true });

  // A link that leads nowhere says so.
  await page.goto('/compare?a=AAAAAAAAAAAAAAAAAAAAA&b=not-a-link');
  await expect(page.locator('.compare [role="alert"]')).toContainText('Report A (AAAAAAAAAAAAAAAAAAAAA) was not found.');
  await expect(page.locator('.compare [role="alert"]')).toContainText('Report B: paste a shared report link');
});
