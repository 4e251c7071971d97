// Share, through the browser: check → Share → open the link in a fresh context; secrets never leak
// into the database, the page or the API; forged reports are refused; expired links answer 410.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startFixture, type Fixture } from '../fixtures';
import { databaseConfig, openDatabase, type Database } from '../../db/client';
import { REPORT_TTL_MS, saveReport } from '../../db/store';
import { recoverableBytes } from '../support/db-files';
import { sampleReport } from '../support/sample-report';

// The web server's DATA_DIR (playwright.config.ts), relative to the project root like the server's.
const DATA_DIR = path.resolve('test-results/e2e-data');

let fixture: Fixture;

test.beforeAll(async () => {
  fixture = await startFixture('echo-headers');
});

test.afterAll(async () => {
  await fixture?.stop();
});

async function runCheck(page: Page, url: string, headers: Array<[string, string]> = [], navigate = true) {
  if (navigate) await page.goto('/');
  await page.getByLabel('MCP server URL').fill(url);
  for (const [name, value] of headers) {
    await page.getByRole('button', { name: 'Add header' }).click();
    const i = await page.locator('.header-row').count();
    await page.getByLabel(`Header ${i} name`).fill(name);
    await page.getByLabel(`Header ${i} value`).fill(value);
  }
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('article.report')).toBeVisible({ timeout: 30_000 });
}

/** What a reader compares: the verdict and each step row's id and status. */
async function observed(page: Page) {
  const verdict = await page.locator('article.report [data-verdict]').getAttribute('data-verdict');
  const rows = await page.locator('tr.step').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-step')}:${tr.className}`));
  return { verdict, rows };
}

test('check → Share → the link shows the same report in a fresh browser, and no secret leaks anywhere', async ({ page, browser, request }) => {
  const secret = randomBytes(24).toString('base64url');
  // Without the conformance probes: their rows make the gzipped report span several database pages,
  // which the byte scan at the end cannot reassemble (the page, API and read-back checks still apply).
  await page.goto('/');
  await page.getByRole('checkbox', { name: /Conformance probes/ }).uncheck();
  await runCheck(page, fixture.url, [['Authorization', `Bearer ${secret}`]], false);
  const live = await observed(page);
  expect(live.verdict).toBe('healthy');
  expect(live.rows.length).toBeGreaterThan(3);

  await page.getByRole('button', { name: 'Share' }).click();
  const link = page.getByTestId('share-url');
  await expect(link).toHaveValue(/\/r\/[A-Za-z0-9_-]{21}$/);
  const shareUrl = await link.inputValue();
  const id = shareUrl.split('/').pop()!;
  // The expiry is shown, 7 days out.
  const expires = await page.getByTestId('share-expires').getAttribute('datetime');
  const days = (Date.parse(expires!) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.99);
  expect(days).toBeLessThan(7.01);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('.share-done')).toContainText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shareUrl);

  // A stranger: fresh context, no cookies, no storage.
  const stranger = await browser.newContext();
  const shared = await stranger.newPage();
  const res = await shared.goto(shareUrl);
  expect(res?.status()).toBe(200);
  expect(await observed(shared)).toEqual(live);
  await expect(shared.getByTestId('shared-banner')).toContainText(/expires on/i);
  await expect(shared.locator('.sanitized-note')).toContainText('request header');
  await expect(shared.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  // Rows still expand to the exchange, with the person's header gone from the request.
  await shared.locator('tr.step[data-step="initialize"] button.expander').click();
  const detail = shared.locator('tr.detail:not([hidden])');
  await expect(detail).toContainText('POST');
  await expect(detail).not.toContainText(/authorization: Bearer/i);
  // Open Graph image: URL, verdict and server as a PNG.
  const og = await shared.locator('meta[property="og:image"]').getAttribute('content');
  const img = await request.get(new URL(og!).pathname + new URL(og!).search);
  expect(img.status()).toBe(200);
  expect(img.headers()['content-type']).toBe('image/png');
  // Re-run opens the home page with the URL filled in.
  await shared.getByRole('link', { name: 'Re-run' }).click();
  await expect(shared.getByLabel('MCP server URL')).toHaveValue(fixture.url);
  await stranger.close();

  // The secret is nowhere: HTML, JSON API, database files.
  const html = await (await request.get(`/r/${id}`)).text();
  expect(html).not.toContain(secret);
  const api = await request.get(`/api/reports/${id}`);
  expect(api.status()).toBe(200);
  const body = await api.text();
  expect(body).not.toContain(secret);
  expect(JSON.parse(body).report.verdict).toBe(live.verdict);
  // Reports are stored gzipped: look inside them too, and make sure that look sees this one.
  const files = await recoverableBytes(DATA_DIR);
  expect(files.some(({ bytes }) => bytes.includes('echo_headers'))).toBe(true);
  for (const { file, bytes } of files) expect(bytes.includes(secret), file).toBe(false);
});

test('the query string is removed from a shared URL and the page says so', async ({ page }) => {
  await runCheck(page, `${fixture.url}?token=${randomBytes(12).toString('hex')}`);
  await page.getByRole('button', { name: 'Share' }).click();
  const shareUrl = await page.getByTestId('share-url').inputValue();
  await page.goto(shareUrl);
  await expect(page.locator('article.report .target .url')).toHaveText(fixture.url);
  await expect(page.locator('[data-note="query-removed"]')).toBeVisible();
});

test('a forged or edited report cannot be shared', async ({ request }) => {
  const check = await request.post('/api/check', { data: { url: fixture.url } });
  expect(check.status()).toBe(200);
  const { report, signature } = await check.json();

  const edited = await request.post('/api/reports', { data: { report: { ...report, verdict: 'unreachable' }, signature } });
  expect(edited.status()).toBe(403);
  expect((await edited.json()).error).toMatch(/not exactly what this app produced/);

  const forged = await request.post('/api/reports', { data: { report: sampleReport(), signature } });
  expect(forged.status()).toBe(403);
  const unsigned = await request.post('/api/reports', { data: { report } });
  expect(unsigned.status()).toBe(403);

  const genuine = await request.post('/api/reports', { data: { report, signature } });
  expect(genuine.status()).toBe(201);
  expect((await genuine.json()).url).toMatch(/\/r\/[A-Za-z0-9_-]{21}$/);
});

test.describe('links that no longer work', () => {
  let database: Database;
  test.beforeAll(async () => {
    database = await openDatabase(databaseConfig({ DATA_DIR }));
  });
  test.afterAll(() => database?.close());

  test('an expired report shows the expired page with HTTP 410 and a Re-run link', async ({ page, request }) => {
    // Shared eight days ago, through the same store the app uses, with its clock moved back.
    const eightDaysAgo = new Date(Date.now() - REPORT_TTL_MS - 86_400_000);
    const saved = await saveReport(sampleReport({ url: 'https://expired.example.com/mcp', checkedAt: eightDaysAgo.toISOString() }), {
      now: () => eightDaysAgo,
      database: async () => database,
    });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;

    const res = await page.goto(`/r/${saved.id}`);
    expect(res?.status()).toBe(410);
    await expect(page.getByRole('heading', { name: 'This shared report has expired' })).toBeVisible();
    await expect(page.locator('article.report')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Re-run the check' })).toHaveAttribute('href', '/?url=https%3A%2F%2Fexpired.example.com%2Fmcp');

    const api = await request.get(`/api/reports/${saved.id}`);
    expect(api.status()).toBe(410);
    expect(await api.text()).not.toContain('example-server');
  });

  test('an unknown id shows the not-found page with HTTP 404', async ({ page, request }) => {
    const res = await page.goto('/r/AAAAAAAAAAAAAAAAAAAAA');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'No shared report here' })).toBeVisible();
    // In the HTML as served, for a reader (or a link preview) that runs no JavaScript.
    const served = await request.get('/r/AAAAAAAAAAAAAAAAAAAAA', { headers: { accept: 'text/html' } });
    expect(served.status()).toBe(404);
    expect(await served.text()).toMatch(/<h1[^>]*>No shared report here<\/h1>/);
    expect((await request.get('/api/reports/AAAAAAAAAAAAAAAAAAAAA')).status()).toBe(404);
    expect((await request.get('/r/not-even-an-id')).status()).toBe(404);
  });
});
