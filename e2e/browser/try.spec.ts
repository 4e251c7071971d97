// Try a tool from a live report, in Chromium against real servers: the form built from each schema
// shape, a call per content type rendered right (server-everything), a tool error, an outputSchema
// mismatch, the confirmation for a destructive tool, and an MCP Apps view in a sandboxed iframe
// whose sandbox attribute and CSP are asserted.
import { expect, test, type Page } from '@playwright/test';
import { startPeer, type Peer } from '../peers';

let everything: Peer;
let trytool: Peer;
let apps: Peer;

test.beforeAll(async () => {
  [everything, trytool, apps] = await Promise.all([startPeer('everything'), startPeer('trytool'), startPeer('apps')]);
});
test.afterAll(async () => {
  await Promise.all([everything?.stop(), trytool?.stop(), apps?.stop()]);
});

async function check(page: Page, url: string) {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(url);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
}

const tryButton = (page: Page, tool: string) => page.getByRole('button', { name: `Try ${tool}`, exact: true });

test('the form follows the schema: every shape, required marks, defaults, help, browser validation, raw JSON', async ({ page }) => {
  await check(page, trytool.url);
  await tryButton(page, 'shapes').click();
  const dialog = page.getByRole('dialog', { name: 'Try shapes' });
  await expect(dialog).toBeVisible();
  // No hints: the badge says so before anything is sent.
  await expect(dialog.locator('[data-risk]')).toHaveText('no hints');

  await expect(dialog.getByLabel(/^city/)).toHaveValue('Paris');
  await expect(dialog.getByLabel(/^city/)).toHaveAttribute('aria-required', 'true');
  await expect(dialog.getByLabel(/^city/)).toHaveAccessibleDescription('City name');
  await expect(dialog.getByLabel(/^days/)).toHaveAttribute('type', 'number');
  await expect(dialog.getByLabel(/^days/)).toHaveAttribute('step', '1');
  await expect(dialog.getByLabel(/^temperature/)).toHaveAttribute('step', 'any');
  await expect(dialog.getByLabel(/^metric/)).toHaveValue('true');
  await expect(dialog.getByLabel(/^unit/).locator('option')).toHaveText(['(not set)', 'C', 'F', 'K']);
  await expect(dialog.getByRole('group', { name: /tags/ })).toBeVisible();
  await expect(dialog.getByRole('group', { name: 'where' })).toBeVisible();
  await expect(dialog.getByLabel(/^extra.*JSON/)).toBeVisible();

  // Browser validation: a required integer left out, a decimal where an integer goes.
  await dialog.getByLabel(/^city/).fill('');
  await dialog.getByLabel(/^days/).fill('2.5');
  await dialog.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Fix the marked fields first.');
  await expect(dialog.getByLabel(/^city/)).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel(/^days/)).toHaveAccessibleDescription(/Number of days Enter a whole number\./);

  await dialog.getByLabel(/^city/).fill('Lyon');
  await dialog.getByLabel(/^days/).fill('3');
  await dialog.getByLabel(/^unit/).selectOption('F');
  await dialog.getByRole('button', { name: 'Add item' }).click();
  await dialog.getByLabel('tags item 1', { exact: true }).fill('a');
  await dialog.getByLabel(/^lat/).fill('45.75');
  await dialog.getByLabel(/^extra/).fill('7');
  await page.screenshot({ path: 'test-results/try-form.png', fullPage: false });

  // The JSON view shows exactly what will be sent.
  await dialog.getByRole('button', { name: 'JSON' }).click();
  const sent = { city: 'Lyon', days: 3, metric: true, unit: 'F', tags: ['a'], where: { lat: 45.75 }, extra: 7 };
  expect(JSON.parse(await dialog.getByLabel('Arguments (JSON object)').inputValue())).toEqual(sent);

  // No hints: a confirmation that names why, then the call.
  await dialog.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(dialog.getByRole('alertdialog')).toContainText('no readOnlyHint or destructiveHint');
  await dialog.getByRole('button', { name: 'Call anyway' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const call = page.locator('[data-call="1"]');
  await expect(call).toBeFocused();
  await expect(call.locator('.outcome')).toHaveText('Result');
  expect(JSON.parse(await call.locator('[data-type="text"] pre').innerText())).toEqual(sent);
  // The call's steps are in the step table too.
  await expect(page.locator('tr[data-step="call-1 tools/call"]')).toHaveCount(1);
});

test('the server validates again: arguments the browser form cannot check are refused before sending', async ({ page }) => {
  await check(page, everything.url);
  await tryButton(page, 'get-sum').click();
  const dialog = page.getByRole('dialog', { name: 'Try get-sum' });
  await dialog.getByRole('button', { name: 'JSON' }).click();
  await dialog.getByLabel('Arguments (JSON object)').fill('{"a": "one", "b": 2}');
  await dialog.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText("The arguments do not match the tool's inputSchema: /a: must be number");
  await expect(page.locator('[data-call]')).toHaveCount(0);
});

test('a destructive tool asks for a confirmation that names destructiveHint; Back sends nothing', async ({ page }) => {
  await check(page, trytool.url);
  await tryButton(page, 'wipe_all').click();
  const dialog = page.getByRole('dialog', { name: 'Try wipe_all' });
  await expect(dialog.locator('[data-risk]')).toHaveText('destructive');
  await dialog.getByRole('button', { name: 'Call', exact: true }).click();
  const confirm = dialog.getByRole('alertdialog');
  await expect(confirm).toContainText('wipe_all is marked destructiveHint: true');
  await confirm.getByRole('button', { name: 'Back' }).click();
  await expect(confirm).toBeHidden();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('[data-call]')).toHaveCount(0);
  // A read-only tool goes straight through.
  await tryButton(page, 'wrong_output').click();
  const ro = page.getByRole('dialog', { name: 'Try wrong_output' });
  await expect(ro.locator('[data-risk]')).toHaveText('read-only: safe to try');
  await ro.getByRole('button', { name: 'Call', exact: true }).click();
  const call = page.locator('[data-call="1"]');
  await expect(call.getByText('does not match outputSchema')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('li.finding', { hasText: 'TC1' })).toContainText('does not match its outputSchema');
});

test('each content type renders as itself: image, resource links, embedded resource, tool error', async ({ page }) => {
  await check(page, everything.url);
  const run = async (tool: string, fill?: (d: ReturnType<Page['getByRole']>) => Promise<void>) => {
    await tryButton(page, tool).click();
    const dialog = page.getByRole('dialog', { name: `Try ${tool}` });
    await fill?.(dialog);
    await dialog.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
  };
  await run('get-tiny-image');
  const img = page.locator('[data-call="1"] [data-type="image"] img');
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/);
  // Decoded and painted by the browser, not just an attribute.
  expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);

  await run('get-resource-links', async (d) => d.getByLabel(/^count/).fill('2'));
  await expect(page.locator('[data-call="2"] [data-type="resource_link"]')).toHaveCount(2);
  await expect(page.locator('[data-call="2"] [data-type="resource_link"]').first()).toContainText('demo://resource/');

  await run('get-resource-reference');
  await expect(page.locator('[data-call="3"] [data-type="resource"]')).toContainText('embedded resource');

  await run('trigger-long-running-operation', async (d) => {
    await d.getByLabel(/^duration/).fill('1');
    await d.getByLabel(/^steps/).fill('2');
  });
  const long = page.locator('[data-call="4"]');
  await long.getByText(/Notifications during the call/).click();
  await expect(long.locator('li', { hasText: 'notifications/progress' })).toHaveCount(2);
  await page.locator('[data-call="1"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/try-results.png', fullPage: true });
});

test('a tool error (isError) is shown as such, with the server request it answered', async ({ page }) => {
  await check(page, trytool.url);
  await tryButton(page, 'ask_model').click();
  await page.getByRole('dialog', { name: 'Try ask_model' }).getByRole('button', { name: 'Call', exact: true }).click();
  const call = page.locator('[data-call="1"]');
  await expect(call.locator('.outcome')).toHaveText('Tool error', { timeout: 30_000 });
  await expect(call).toContainText('tool error, not a protocol error');
  await expect(call).toContainText('The server asked sampling/createMessage: answered error -32601 (sampling not provided).');
});

test('an MCP Apps view renders in a sandboxed iframe with a strict CSP and gets the tool result', async ({ page, request }) => {
  await check(page, apps.url);
  const row = page.locator('table.tools tr', { hasText: 'MCP App' }).first();
  await row.getByRole('button', { name: /^Try / }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Call', exact: true }).click();
  // The example's tools carry no hints: the confirmation comes first.
  await dialog.getByRole('button', { name: 'Call anyway' }).click();
  const frame = page.locator('[data-call="1"] iframe');
  await expect(frame).toBeVisible({ timeout: 30_000 });
  // Scripts only: no same-origin, forms, popups or top navigation.
  await expect(frame).toHaveAttribute('sandbox', 'allow-scripts');
  const src = await frame.getAttribute('src');
  expect(src).toMatch(/^\/sandbox/);
  const res = await request.get(src!);
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain(`default-src 'none'`);
  expect(csp).toContain(`connect-src 'none'`);
  expect(csp).toContain(`frame-src 'none'`);
  expect(csp).toContain(`frame-ancestors 'self'`);
  expect(csp).not.toContain('unsafe-eval');
  // The view ran, initialized, and received the result: its own DOM shows the server's time.
  const view = page.frameLocator('[data-call="1"] iframe');
  await expect(page.locator('[data-call="1"] .app-log')).toContainText('view initialized; tool input and result sent', { timeout: 15_000 });
  await expect(view.locator('body')).not.toBeEmpty();
  // The opaque origin cannot reach this app's storage or DOM.
  const origin = await page.frames().find((f) => f.url().includes('/sandbox'))!.evaluate(() => window.origin);
  expect(origin).toBe('null');
  await page.locator('[data-call="1"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/try-app.png', fullPage: false });
});
