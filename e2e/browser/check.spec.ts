import { expect, test } from '@playwright/test';
import { startPeer, type Peer } from '../peers';
import { refusedPortUrl, startFixture, type Fixture } from '../fixtures';

let peer: Peer;
let html: Fixture;

test.beforeAll(async () => {
  [peer, html] = await Promise.all([startPeer('sdk1-sse'), startFixture('html')]);
});
test.afterAll(async () => {
  await Promise.all([peer?.stop(), html?.stop()]);
});

test('check a real server: verdict, steps, and a row that expands to the response JSON', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(peer.url);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /Healthy: 3 tools/ })).toBeVisible();

  const row = page.locator('tr[data-step="initialize"]');
  const toggle = row.getByRole('button');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const detail = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await expect(detail).toBeVisible();
  // The request as sent and the decoded SSE response, pretty-printed.
  await expect(detail).toContainText('"method": "initialize"');
  await expect(detail).toContainText('"protocolVersion": "2025-11-25"');
  await expect(detail).toContainText('HTTP 200');
  await expect(detail).toContainText(/mcp-session-id/i);

  await expect(page.getByRole('heading', { name: 'Tools (3)' })).toBeVisible();
});

test('the URL field is pre-filled from ?url=, and a website URL gets an actionable message', async ({ page }) => {
  await page.goto(`/?url=${encodeURIComponent(html.url)}`);
  await expect(page.getByLabel('MCP server URL')).toHaveValue(html.url);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-verdict]')).toHaveText('DOWN', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /HTML page: it points at a website, not at the MCP endpoint/ })).toBeVisible();
  // Nothing MCP answered: no "Tools (0)" claim about a server nobody could list.
  await expect(page.getByRole('heading', { name: /^Tools/ })).toHaveCount(0);
});

test('a server that refuses the connection: the report says nothing was inspected, not "no deviations"', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(await refusedPortUrl());
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-verdict]')).toHaveText('DOWN', { timeout: 30_000 });
  await expect(page.getByText('Nothing answered as an MCP server, so there was nothing to inspect.')).toBeVisible();
  await expect(page.getByText('No protocol deviations seen.')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /^Tools/ })).toHaveCount(0);
});

test('invalid input gets a clear message and keeps what was typed', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill('not a url');
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('Bad Name');
  await page.getByLabel('Header 1 value').fill('x');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('.form-error[role=alert]')).toContainText('not a valid URL');
  await expect(page.getByLabel('MCP server URL')).toHaveValue('not a url');
});

test('a target the address policy refuses is an error beside the URL field, not a DOWN report', async ({ page }) => {
  await page.goto('/');
  const url = page.getByLabel('MCP server URL');
  // Closed even with ALLOW_PRIVATE_NETWORKS (the browser tests' setting): a cloud metadata address.
  await url.fill('http://169.254.169.254/latest/meta-data');
  await page.getByRole('button', { name: 'Check' }).click();
  const error = page.locator('.form-error[data-field=url][role=alert]');
  await expect(error).toContainText('Refusing to contact 169.254.169.254: it is a cloud metadata service address');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toHaveAccessibleDescription(/cloud metadata service address/);
  await expect(page.locator('.report [data-verdict]')).toHaveCount(0);
});
