// The private manage page and the status page's expiry warning, in a real browser at phone width:
// the person holding the manage link changes the interval, pauses, resumes and deletes; a wrong key
// changes nothing and says why; a bad interval keeps the form; a monitor nobody has managed for
// 80 days warns on its public page, and opening the manage link lifts the warning.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { startPeer, type Peer } from '../peers';

let peer: Peer;

test.beforeAll(async () => {
  peer = await startPeer('sdk2-dual');
});

test.afterAll(async () => {
  await peer?.stop();
});

/** The app's own database file (playwright.config.ts: DATA_DIR=test-results/e2e-data). */
async function setManagedAt(id: string, at: Date) {
  const db = createClient({ url: `file:${path.resolve('test-results/e2e-data/mcp-health.db')}` });
  try {
    await db.execute('PRAGMA busy_timeout = 5000');
    await db.execute({ sql: 'UPDATE monitors SET managed_at = ? WHERE id = ?', args: [at.getTime(), id] });
  } finally {
    db.close();
  }
}

async function noOverflow(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test('the manage link changes the interval, pauses, resumes and deletes; the status page follows', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const created = await request.post('/api/monitors', { data: { url: peer.url, intervalSeconds: 3600 } });
  expect(created.status()).toBe(201);
  const { id, manageToken, manageUrl } = (await created.json()) as { id: string; manageToken: string; manageUrl: string };

  // A monitor its owner has not managed for 80 days: the public page warns, with the date.
  const managedAt = new Date(Date.now() - 80 * 24 * 3_600_000);
  await setManagedAt(id, managedAt);
  await page.goto(`/m/${id}`);
  const warning = page.getByTestId('expiry-warning');
  await expect(warning).toContainText('expires on');
  await expect(warning.locator('time')).toHaveAttribute('datetime', new Date(managedAt.getTime() + 90 * 24 * 3_600_000).toISOString());
  await page.screenshot({ path: 'test-results/monitor-expiring-phone.png', fullPage: true });

  // A wrong key: told so in words, and nothing changes.
  await page.goto(`/m/${id}/manage#not-the-token`);
  await expect(page.getByTestId('manage-error')).toContainText('does not hold the key of this monitor');
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await page.goto(`/m/${id}`);
  await expect(page.getByTestId('expiry-warning')).toBeVisible();

  // The real manage link: opening it is a visit, so the expiry moves 90 days out and the warning goes.
  await page.goto(new URL(manageUrl).pathname + new URL(manageUrl).hash);
  await expect(page.getByRole('heading', { name: 'Manage monitor' })).toBeVisible();
  await expect(page.getByTestId('manage-state')).toHaveText('active');
  await expect(page.getByLabel('Interval (seconds)')).toHaveValue('3600');
  await noOverflow(page, 390);
  await page.screenshot({ path: 'test-results/monitor-manage-phone.png', fullPage: true });

  // Bad input: a clear error, and the form keeps what was typed.
  await page.getByLabel('Interval (seconds)').fill('ten');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('manage-error')).toContainText('intervalSeconds');
  await expect(page.getByLabel('Interval (seconds)')).toHaveValue('ten');

  await page.getByLabel('Interval (seconds)').fill('600');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('manage-error')).toHaveCount(0);
  await expect(page.getByLabel('Interval (seconds)')).toHaveValue('600');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('manage-state')).toHaveText('paused');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();

  await page.goto(`/m/${id}`);
  await expect(page.getByText('Checked every 10 min')).toBeVisible();
  await expect(page.getByTestId('state-note')).toHaveText('Paused by its owner.');
  await expect(page.getByTestId('expiry-warning')).toHaveCount(0);
  expect(await page.content()).not.toContain(manageToken);

  await page.goto(new URL(manageUrl).pathname + new URL(manageUrl).hash);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('manage-state')).toHaveText('active');
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status')).toContainText('Deleted');

  const gone = await request.get(`/m/${id}`);
  expect(gone.status()).toBe(404);
  // Said in the HTML as served, not only once JavaScript runs.
  expect(await gone.text()).toMatch(/<h1[^>]*>No monitor here<\/h1>/);
  expect((await request.get(`/m/${id}/badge.svg`)).status()).toBe(404);
  expect((await request.get(`/api/monitors/${id}`)).status()).toBe(404);
});
