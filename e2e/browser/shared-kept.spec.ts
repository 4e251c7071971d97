// A shared report is rendered once and kept (proxy.ts, lib/web/page-cache.ts); every later read
// gets the kept HTML with a nonce of its own. What a reader must not notice: the page works the
// same (scripts run under the strict CSP, rows expand), each response has its own nonce, a theme
// chosen by one reader never reaches another, and an expired link still answers 410.
import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { databaseConfig, openDatabase, type Database } from '../../db/client';
import { saveReport } from '../../db/store';
import { sampleReport } from '../support/sample-report';

const DATA_DIR = path.resolve('test-results/e2e-data');

let database: Database;
test.beforeAll(async () => {
  database = await openDatabase(databaseConfig({ DATA_DIR }));
});
test.afterAll(() => database?.close());

async function share(url: string, expiresInMs?: number): Promise<{ id: string; expiresAt: Date }> {
  const now = new Date();
  // A report kept for the usual 7 days, or shared so long ago that it expires `expiresInMs` from now.
  const at = expiresInMs === undefined ? now : new Date(now.getTime() - 7 * 86_400_000 + expiresInMs);
  const saved = await saveReport(sampleReport({ url, checkedAt: at.toISOString() }), { now: () => at, database: async () => database });
  if (!saved.ok) throw new Error(`could not save: ${saved.reason}`);
  return { id: saved.id, expiresAt: saved.expiresAt };
}

/** One reader in a fresh browser context: what came back and what the page did. */
async function read(browser: Browser, id: string, theme?: 'dark' | 'light') {
  const context = await browser.newContext();
  if (theme) await context.addCookies([{ name: 'theme', value: theme, url: test.info().project.use.baseURL! }]);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto(`/r/${id}`);
  const headers = res!.headers();
  const html = await res!.text();
  const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy'] ?? '')?.[1];
  // The page is live: a step row expands (React hydrated, so its scripts ran under the CSP).
  await page.locator('tr.step[data-step="initialize"] button.expander').click();
  await expect(page.locator('tr.detail:not([hidden])')).toContainText('POST');
  const dataTheme = await page.locator('html').getAttribute('data-theme');
  await context.close();
  return { status: res!.status(), cache: headers['server-timing'], nonce, html, dataTheme, violations };
}

test('a shared page read again comes from the kept copy with a fresh nonce, works the same and keeps themes apart', async ({ browser }) => {
  const { id } = await share('https://kept.example.com/mcp');
  const first = await read(browser, id);
  const second = await read(browser, id);
  const third = await read(browser, id);
  expect(first.cache).toBe('page-cache;desc=miss');
  expect(second.cache).toBe('page-cache;desc=hit');
  expect(third.cache).toBe('page-cache;desc=hit');
  const nonces = [first, second, third].map((r) => r.nonce);
  expect(new Set(nonces).size).toBe(3);
  for (const r of [first, second, third]) {
    expect(r.status).toBe(200);
    expect(r.violations).toEqual([]);
    // Every nonce in the HTML is this response's own: no placeholder and no other reader's nonce.
    const inHtml = new Set([...r.html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
    expect([...inHtml]).toEqual([r.nonce]);
    expect(r.html).toContain('kept.example.com');
  }
  // The same HTML apart from the nonce.
  const strip = (r: typeof first) => r.html.split(r.nonce!).join('NONCE');
  expect(strip(second)).toBe(strip(third));

  // A reader who chose dark gets a page of their own; the kept default page stays without a theme.
  const dark = await read(browser, id, 'dark');
  expect(dark.dataTheme).toBe('dark');
  expect(dark.cache).toBe('page-cache;desc=miss');
  const again = await read(browser, id);
  expect(again.dataTheme).toBeNull();
  expect(again.cache).toBe('page-cache;desc=hit');
  expect((await read(browser, id, 'dark')).cache).toBe('page-cache;desc=hit');
});

test('a kept page is not served past its expiry: the link answers 410', async ({ browser, page }) => {
  // Long enough for two reads on a busy machine; the test then waits for the expiry itself.
  const { id, expiresAt } = await share('https://expiring.example.com/mcp', 20_000);
  expect((await read(browser, id)).cache).toBe('page-cache;desc=miss');
  expect((await read(browser, id)).cache).toBe('page-cache;desc=hit');
  expect(Date.now()).toBeLessThan(expiresAt.getTime());
  await page.waitForTimeout(expiresAt.getTime() - Date.now() + 500);
  const res = await page.goto(`/r/${id}`);
  expect(res?.status()).toBe(410);
  await expect(page.getByRole('heading', { name: 'This shared report has expired' })).toBeVisible();
});

test('the client router\'s requests for the page (RSC) never get the kept HTML', async ({ request, page }) => {
  const { id } = await share('https://rsc.example.com/mcp');
  await page.goto(`/r/${id}`);
  const again = await page.goto(`/r/${id}`);
  expect(again?.headers()['server-timing']).toBe('page-cache;desc=hit');
  // What Next's router sends on a client-side navigation or refresh: a fetch() with RSC: 1.
  const fromPage = await page.evaluate(async (path) => {
    const res = await fetch(path, { headers: { RSC: '1' } });
    return { type: res.headers.get('content-type'), timing: res.headers.get('server-timing') };
  }, `/r/${id}`);
  expect(fromPage.type).toMatch(/^text\/x-component/);
  expect(fromPage.timing ?? '').not.toContain('page-cache');
  const rsc = await request.get(`/r/${id}`, { headers: { rsc: '1' } });
  expect(rsc.headers()['content-type']).toMatch(/^text\/x-component/);
  const withQuery = await request.get(`/r/${id}?utm=1`, { headers: { accept: 'text/html' } });
  expect(withQuery.status()).toBe(200);
  expect(withQuery.headers()['server-timing'] ?? '').not.toContain('page-cache');
});
