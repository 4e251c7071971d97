// Server-controlled text (tool descriptions, server names, bodies) is rendered as text: markup in
// it runs nothing. The page also loads under the nonce-based CSP without a single violation.
import { expect, test, type Page } from '@playwright/test';
import { startHostile, type HostileServer } from '../fixtures/hostile';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

let server: HostileServer;

test.beforeAll(async () => {
  server = await startHostile('good', { toolDescription: `Echo. ${SCRIPT} ${IMG}`, serverName: `evil ${IMG}` });
});
test.afterAll(async () => {
  await server?.stop();
});

function watch(page: Page) {
  const dialogs: string[] = [];
  const problems: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    // A missing favicon is a 404, not a problem; a CSP violation or a script error is.
    if (m.text().startsWith('Failed to load resource') && m.location().url.endsWith('/favicon.ico')) return;
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { dialogs, problems };
}

test('markup in a tool description and server name is shown as text and runs nothing', async ({ page }) => {
  const seen = watch(page);
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  expect(response?.headers()['x-frame-options']).toBe('DENY');

  await page.getByLabel('MCP server URL').fill(server.url);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'healthy', { timeout: 30_000 });

  const tools = page.locator('table.tools');
  await expect(tools).toContainText(SCRIPT);
  await expect(tools).toContainText(IMG);
  await expect(page.locator('.facts')).toContainText(`evil ${IMG}`);
  // Nothing the server sent became an element.
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);

  // The raw response body, expanded, is text too.
  const toggle = page.locator('tr[data-step="tools/list"]').getByRole('button');
  await toggle.click();
  const detail = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await expect(detail).toContainText('onerror=alert(1)');
  await expect(page.locator('main img')).toHaveCount(0);

  await page.waitForTimeout(300); // an onerror would fire as soon as the image failed to load
  expect(seen.dialogs).toEqual([]);
  expect(seen.problems).toEqual([]);
});
