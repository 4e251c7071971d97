// Get a token in a real browser, against real authorization servers: the AUTH callout, the trip to
// the authorization server (oidc-provider's login and consent pages, or the SDK's auto-approval),
// the callback, and the check again with the token → GOOD. The token must stay in the tab.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startAuthStack, type AuthStack } from '../peers/auth';
import { startAuthFixture, startFlowFixture, STEP_UP_ROUND_ROWS, type AuthFixture, type FlowFixture } from '../fixtures/auth';
import { recoverableBytes } from '../support/db-files';

let oidc: AuthStack;
let sdk: AuthStack;
let rootOnly: AuthFixture;
/** tools/list also needs mcp:admin: a 403 insufficient_scope until the token has it (step-up). */
let stepUp: AuthStack;
/** Refuses the registration MCP clients send (application_type), as a strict RFC 7591 server might. */
let refusing: FlowFixture;

test.beforeAll(async () => {
  [oidc, sdk, rootOnly, stepUp, refusing] = await Promise.all([
    startAuthStack('oidc'),
    startAuthStack('sdk'),
    startAuthFixture('root-only'),
    startAuthStack('sdk', { listScope: 'mcp:admin' }),
    startFlowFixture({ register: 'refuse-application-type' }),
  ]);
});
test.afterAll(async () => {
  await Promise.all([oidc?.stop(), sdk?.stop(), rootOnly?.stop(), stepUp?.stop(), refusing?.stop()]);
});

// Nothing leaves loopback: oidc-provider's dev pages @import a web font, for one.
test.beforeEach(async ({ context }) => {
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort('blockedbyclient'),
  );
});

const shots = process.env.OAUTH_SCREENSHOTS === '1';

/** Every body the app itself sent to the browser, except the callback page (which must carry the token). */
function recordAppResponses(page: Page, appOrigin: string): string[] {
  const bodies: string[] = [];
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (u.origin !== appOrigin || u.pathname === '/oauth/callback') return;
    res.text().then(
      (t) => bodies.push(t),
      () => undefined,
    );
  });
  return bodies;
}

async function checkUntilAuth(page: Page, url: string) {
  await page.goto('/');
  await page.getByLabel('MCP server URL').fill(url);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('.report [data-verdict]')).toHaveText('AUTH', { timeout: 30_000 });
  const callout = page.locator('[data-callout="auth"]');
  await expect(callout).toBeVisible();
  return callout;
}

/** The code and state the authorization server sent back, as the browser saw them. */
function recordCallback(page: Page): { code?: string; state?: string } {
  const seen: { code?: string; state?: string } = {};
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname !== '/oauth/callback') return;
    seen.code = u.searchParams.get('code') ?? undefined;
    seen.state = u.searchParams.get('state') ?? undefined;
  });
  return seen;
}

/** The trail rows of round 1, in order, as the step table shows them. */
async function trailRows(page: Page): Promise<string[]> {
  return page.locator('tr.step[data-step^="auth/r1/"] .step-name').allInnerTexts();
}

/** Expand a step row and return its detail cell. */
async function openRow(page: Page, id: string) {
  const button = page.locator(`tr.step[data-step="${id}"] button.expander`);
  await button.click();
  return page.locator(`#${await button.getAttribute('aria-controls')}`);
}

/** After the flow: GOOD, the token only in this tab's Authorization row, nowhere else. */
async function expectGoodWithTokenKeptInTab(page: Page, bodies: string[]) {
  await expect(page.locator('.report [data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
  // Once the check with the token is done, the notice says so (not "checking again" for ever).
  await expect(page.getByRole('status').filter({ hasText: 'Token received from' })).toContainText('Checked again with it: Healthy');
  const value = await page.getByLabel('Header 1 value').inputValue();
  expect(value).toMatch(/^Bearer \S{10,}$/);
  const token = value.slice('Bearer '.length);
  await expect(page.getByLabel('Header 1 name')).toHaveValue('Authorization');

  // Not in the URL, not left in sessionStorage, not in any cookie the page can see.
  expect(page.url()).not.toContain(token);
  expect(page.url()).not.toContain('auth=1');
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(token);
  expect(await page.evaluate(() => document.cookie)).not.toContain(token);

  // Masked in the step details.
  const first = page.locator('tr.step:not([data-step^="auth/"])').first().getByRole('button');
  await first.click();
  const detail = page.locator(`#${await first.getAttribute('aria-controls')}`);
  await expect(detail).toContainText('Bearer ••••••');
  expect(await page.locator('.report').innerText()).not.toContain(token);

  // Never in anything the app served (the report is what gets stored and shared), nor on disk.
  await expect.poll(() => bodies.length).toBeGreaterThan(0);
  for (const b of bodies) expect(b).not.toContain(token);
  // Shared reports are stored gzipped: recoverableBytes looks inside them too.
  for (const { file, bytes } of await recoverableBytes(join(process.cwd(), 'test-results', 'e2e-data'))) expect(bytes.includes(token), file).toBe(false);
  return token;
}

test('oidc-provider: AUTH callout → Get a token → log in and consent → back → the check re-runs with the token → GOOD', async ({ page, baseURL }) => {
  const bodies = recordAppResponses(page, new URL(baseURL!).origin);
  const callout = await checkUntilAuth(page, oidc.mcpUrl);
  await expect(callout).toContainText(oidc.issuer);
  await expect(callout).toContainText('mcp:tools');
  await expect(callout).toContainText('dynamic client registration');
  // The trail: URL → status, expandable to the document.
  const prm = callout.locator('li[data-outcome="ok"]').first();
  await expect(prm).toContainText('/.well-known/oauth-protected-resource/mcp');
  await prm.locator('summary').click();
  await expect(prm.locator('pre')).toContainText(`"resource": "${oidc.mcpUrl}"`);
  if (shots) await callout.screenshot({ path: '/tmp/oauth-callout.png' });

  await callout.getByRole('button', { name: 'Get a token' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL((u) => u.origin === new URL(baseURL!).origin && u.pathname === '/');
  await expect(page.getByLabel('MCP server URL')).toHaveValue(oidc.mcpUrl);
  await expectGoodWithTokenKeptInTab(page, bodies);
  await expect(page.getByRole('heading', { name: 'Tools (2)' })).toBeVisible();
  if (shots) await page.screenshot({ path: '/tmp/oauth-good.png', fullPage: true });
});

test('oidc-provider: the trail of the sign-in is in the report, row by row, with nothing secret in it, and survives sharing', async ({ page }) => {
  const callback = recordCallback(page);
  const callout = await checkUntilAuth(page, oidc.mcpUrl);
  await callout.getByRole('button', { name: 'Get a token' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.report [data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
  const token = (await page.getByLabel('Header 1 value').inputValue()).slice('Bearer '.length);
  const { code, state } = callback;
  expect(code && state && token.length > 10).toBeTruthy();

  const rows = await trailRows(page);
  expect(rows[0]).toBe('401 challenge');
  expect(rows).toContain('resource metadata');
  expect(rows).toContain('authorization server metadata');
  expect(rows.find((r) => r.startsWith('client registration'))).toBeTruthy();
  expect(rows.slice(-3)).toEqual(['authorization request', 'authorization response', 'token request']);

  // Every parameter of the authorization request, state masked.
  const authorize = await openRow(page, 'auth/r1/authorize');
  for (const p of ['response_type=code', 'client_id=', 'redirect_uri=', 'scope=mcp', 'code_challenge=', 'code_challenge_method=S256', 'resource=']) await expect(authorize).toContainText(p);
  await expect(authorize).toContainText(`state=${encodeURIComponent('••••••')}`);
  // The callback: code and state masked, iss as sent (oidc-provider sends it, RFC 9207).
  const back = await openRow(page, 'auth/r1/callback');
  await expect(back).toContainText(`iss=${encodeURIComponent(oidc.issuer)}`);
  await expect(page.locator('tr.step[data-step="auth/r1/callback"] .notes')).toContainText('code received; state matches; iss');
  // The token exchange: verifier and code masked going out, the token masked coming back; a JWT for this server.
  const exchange = await openRow(page, 'auth/r1/token');
  await expect(exchange).toContainText('code_verifier=••••••');
  await expect(exchange).toContainText('"access_token": "••••••"');
  await expect(page.locator('tr.step[data-step="auth/r1/token"] .notes')).toContainText(`JWT, aud ${oidc.mcpUrl}`);
  const text = await page.locator('.report').innerText();
  for (const secret of [token, code!, state!]) expect(text).not.toContain(secret);

  // Shared: the trail is there, and neither the page nor the stored (gzipped) row holds a secret.
  await page.getByRole('button', { name: 'Share' }).click();
  const shareUrl = await page.getByTestId('share-url').inputValue();
  const shared = await page.context().newPage();
  await shared.goto(shareUrl);
  await expect(shared.locator('tr.step[data-step="auth/r1/token"]')).toBeVisible();
  const html = await shared.content();
  for (const secret of [token, code!, state!]) expect(html).not.toContain(secret);
  const api = await page.request.get(`/api/reports/${shareUrl.split('/').pop()}`);
  const json = await api.text();
  expect(json).toContain('auth/r1/token');
  for (const secret of [token, code!, state!]) expect(json).not.toContain(secret);
  for (const { file, bytes } of await recoverableBytes(join(process.cwd(), 'test-results', 'e2e-data'))) {
    for (const secret of [token, code!, state!]) expect(bytes.includes(secret), file).toBe(false);
  }
});

test('SDK authorization server: Get a token is approved at once, and the check comes back GOOD', async ({ page, baseURL }) => {
  const bodies = recordAppResponses(page, new URL(baseURL!).origin);
  // Header rows the person had survive the trip.
  await page.goto('/');
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('X-Trace');
  await page.getByLabel('Header 1 value').fill('trace-123');
  await page.getByLabel('MCP server URL').fill(sdk.mcpUrl);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  const callout = page.locator('[data-callout="auth"]');
  await expect(callout).toBeVisible({ timeout: 30_000 });
  await callout.getByRole('button', { name: 'Get a token' }).click();

  await expect(page.locator('.report [data-verdict]')).toHaveText('GOOD', { timeout: 30_000 });
  await expect(page.getByLabel('Header 1 name')).toHaveValue('X-Trace');
  await expect(page.getByLabel('Header 1 value')).toHaveValue('trace-123');
  await expect(page.getByLabel('Header 2 name')).toHaveValue('Authorization');
  const value = await page.getByLabel('Header 2 value').inputValue();
  const token = value.slice('Bearer '.length);
  expect(token.length).toBeGreaterThan(10);
  // The SDK's auto-approving server: the whole trail, the registration an RFC 7591 exchange (or
  // the client this app registered there a moment ago, reused).
  const rows = await trailRows(page);
  expect(rows.slice(0, 3)).toEqual(['401 challenge', 'resource metadata', 'authorization server metadata']);
  expect(rows[3]).toMatch(/^client registration/);
  expect(rows.slice(4)).toEqual(['authorization request', 'authorization response', 'token request']);
  await expect(page.locator('tr.step[data-step="auth/r1/challenge"] .notes')).toContainText('WWW-Authenticate: Bearer error="invalid_token"');
  const authorize = await openRow(page, 'auth/r1/authorize');
  for (const p of ['response_type=code', 'client_id=', 'redirect_uri=', 'scope=mcp', 'code_challenge=', 'code_challenge_method=S256', 'resource=']) await expect(authorize).toContainText(p);
  await expect(authorize).toContainText(`state=${encodeURIComponent('••••••')}`);
  // The callback: code and state masked; no iss from this server.
  const back = await openRow(page, 'auth/r1/callback');
  await expect(back).toContainText(`code=${encodeURIComponent('••••••')}`);
  await expect(back).toContainText(`state=${encodeURIComponent('••••••')}`);
  await expect(page.locator('tr.step[data-step="auth/r1/callback"] .notes')).toHaveText('code received; state matches; no iss');
  // The exchange: code and verifier masked going out, the token masked coming back, and what came with it.
  const exchange = await openRow(page, 'auth/r1/token');
  await expect(exchange).toContainText('code=••••••');
  await expect(exchange).toContainText('code_verifier=••••••');
  await expect(exchange).toContainText('"access_token": "••••••"');
  await expect(exchange).toContainText('"token_type": "bearer"');
  await expect(page.locator('tr.step[data-step="auth/r1/token"] .notes')).toHaveText(/^bearer token · expires in \d+ s · scope granted: mcp:tools · no refresh token$/);
  expect(await page.locator('.report').innerText()).not.toContain(token);
  // No iss from this server: an info finding says what that costs (RFC 9207).
  await expect(page.locator('.report')).toContainText('no iss parameter');
  for (const b of bodies) expect(b).not.toContain(token);
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(token);
});

test('cancelling at the authorization server comes back to the callout with a plain explanation', async ({ page }) => {
  const callout = await checkUntilAuth(page, oidc.mcpUrl);
  await callout.getByRole('button', { name: 'Get a token' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.getByRole('link', { name: '[ Cancel ]' }).click();

  await expect(page.locator('.report [data-verdict]')).toHaveText('AUTH', { timeout: 30_000 });
  const alert = page.locator('[data-callout="auth"]').getByRole('alert');
  await expect(alert).toContainText('Sign-in cancelled');
  await expect(alert).toContainText('Get a token');
  await expect(page.getByLabel('MCP server URL')).toHaveValue(oidc.mcpUrl);
  // The trail shows where it broke: the authorization response carried error=access_denied.
  const broke = page.locator('tr.step[data-step="auth/r1/callback"]');
  await expect(broke).toHaveClass(/step-error/);
  await expect(broke.locator('.notes')).toContainText('error=access_denied');
  // The report shown is the one the page left with, verified by the server on the way back, so it
  // can still be shared.
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('share-url')).toHaveValue(/\/r\/[A-Za-z0-9_-]{21}$/);
  if (shots) await page.locator('[data-callout="auth"]').screenshot({ path: '/tmp/oauth-cancelled.png' });
});

test('Paste a token adds an Authorization row and focuses its value', async ({ page }) => {
  const callout = await checkUntilAuth(page, sdk.mcpUrl);
  await callout.getByRole('button', { name: 'Paste a token' }).click();
  const value = page.getByLabel('Header 1 value');
  await expect(value).toBeFocused();
  await expect(value).toHaveValue('');
  await expect(value).toHaveAttribute('type', 'password');
  await expect(page.getByLabel('Header 1 name')).toHaveValue('Authorization');
  // A second press reuses the row.
  await callout.getByRole('button', { name: 'Paste a token' }).click();
  await expect(page.getByLabel('Header 2 value')).toHaveCount(0);
  await expect(value).toBeFocused();
  await page.keyboard.type('Bearer not-a-real-token');
  // Show and hide what was pasted.
  await page.getByRole('button', { name: 'Show the value of header 1' }).click();
  await expect(value).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide the value of header 1' }).click();
  await expect(value).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('.report [data-verdict]')).toHaveText('AUTH', { timeout: 30_000 });
  // A rejected token is quoted, in the headline and the callout, not asked for again.
  await expect(page.locator('.summary')).toContainText('The server rejected the token: invalid_token (“Token is not active”)');
  await expect(page.locator('[data-callout="auth"]')).toContainText('The server rejected the token');
  await expect(page.locator('[data-callout="auth"] [data-rejection="invalid_token"]')).toBeVisible();
});

test('an authorization server that refuses registration asks for a client ID', async ({ page }) => {
  const callout = await checkUntilAuth(page, rootOnly.url);
  await expect(callout).toContainText('404');
  await callout.getByRole('button', { name: 'Get a token' }).click();
  await expect(callout.getByRole('alert')).toContainText('refused to register');
  await expect(callout.getByLabel('Client ID')).toBeVisible();
  if (shots) await callout.screenshot({ path: '/tmp/oauth-client-id.png' });
});

test('a refused registration is a row of the trail quoting the server, with its finding, and the person is asked for a client ID', async ({ page }) => {
  // Two trips: the refused registration, then the sign-in with a client ID and the check after it.
  test.slow();
  const callout = await checkUntilAuth(page, refusing.url);
  await callout.getByRole('button', { name: 'Get a token' }).click();
  await expect(callout.getByRole('alert').first()).toContainText('refused to register this app (invalid_client_metadata: unrecognized client metadata: application_type)');
  await expect(callout.getByLabel('Client ID')).toBeVisible();
  const row = page.locator('tr.step[data-step="auth/r1/registration"]');
  await expect(row).toHaveClass(/step-error/);
  await expect(row.locator('.notes')).toHaveText('HTTP 400: invalid_client_metadata: unrecognized client metadata: application_type');
  const detail = await openRow(page, 'auth/r1/registration');
  await expect(detail).toContainText('"application_type": "native"');
  await expect(detail).toContainText('"error_description": "unrecognized client metadata: application_type"');
  await expect(page.locator('.report')).toContainText('The registration endpoint rejects the application_type member that MCP clients send.');
  // The client ID form is still there once the report has the trail; a pre-registered client goes on.
  await callout.getByLabel('Client ID').fill('my-registered-client');
  await callout.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Token received from' })).toContainText('Checked again with it', { timeout: 30_000 });
  await expect(page.locator('tr.step[data-step="auth/r1/registration"] .notes')).toHaveText('Client ID entered by you: my-registered-client (pre-registered, no registration request)');
  await expect(page.locator('tr.step[data-step="auth/r1/authorize"] .notes')).toContainText('client_id=my-registered-client');
});

test('step-up: tools/list answers 403 insufficient_scope → the callout offers the scope it names → a second sign-in → GOOD, both rounds in the trail', async ({ page, baseURL }) => {
  // Two sign-ins and three checks.
  test.slow();
  const bodies = recordAppResponses(page, new URL(baseURL!).origin);
  const callout = await checkUntilAuth(page, stepUp.mcpUrl);
  await callout.getByRole('button', { name: 'Get a token' }).click();
  // Round 1 (approved at once) gives mcp:tools; with it the handshake works and tools/list is refused.
  await expect(callout.locator('#auth-callout-title')).toHaveText('The token lacks a scope', { timeout: 30_000 });
  await expect(page.locator('.report [data-verdict]')).toHaveText('AUTH');
  await expect(callout.locator('[data-rejection="insufficient_scope"]')).toContainText('403 insufficient_scope (“Listing tools needs the mcp:admin scope”)');
  await expect(page.getByRole('status').filter({ hasText: 'Token received from' })).toContainText('the server still asks for authorization');
  await expect(page.locator('tr.step[data-step="auth/r1/token"] .notes')).toContainText('scope granted: mcp:tools ·');
  const first = (await page.getByLabel('Header 1 value').inputValue()).slice('Bearer '.length);

  await callout.getByRole('button', { name: 'Get a token with scope mcp:admin' }).click();
  await expectGoodWithTokenKeptInTab(page, bodies);
  for (const b of bodies) expect(b).not.toContain(first);
  const second = (await page.getByLabel('Header 1 value').inputValue()).slice('Bearer '.length);
  expect(second).not.toBe(first);
  await expect(page.getByRole('heading', { name: 'Tools (2)' })).toBeVisible();
  // The second round, after the first, starting with the 403 that asked for it.
  expect(await page.locator('tr.step[data-step^="auth/r2/"] .step-name').allInnerTexts()).toEqual(STEP_UP_ROUND_ROWS);
  expect(await trailRows(page)).toContain('token request');
  await expect(page.locator('tr.step[data-step="auth/r2/challenge"] .notes')).toContainText('error="insufficient_scope"');
  await expect(page.locator('tr.step[data-step="auth/r2/authorize"] .notes')).toContainText('scope=mcp:tools mcp:admin');
  await expect(page.locator('tr.step[data-step="auth/r2/token"] .notes')).toContainText('scope granted: mcp:tools mcp:admin');
  const text = await page.locator('.report').innerText();
  for (const secret of [first, second]) expect(text).not.toContain(secret);
});

test('dark mode callout', async ({ page }) => {
  test.skip(!shots, 'screenshots only');
  await page.emulateMedia({ colorScheme: 'dark' });
  const callout = await checkUntilAuth(page, oidc.mcpUrl);
  await callout.screenshot({ path: '/tmp/oauth-callout-dark.png' });
});

test('a callback that matches no sign-in is refused in plain words, uncached and unreferred', async ({ page }) => {
  const res = await page.goto('/oauth/callback?state=not-ours&code=stolen');
  expect(res?.status()).toBe(400);
  expect(res?.headers()['cache-control']).toBe('no-store');
  expect(res?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.getByRole('heading', { name: 'Sign-in not recognised' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the check' })).toHaveAttribute('href', '/');
});

test('the app serves its Client ID Metadata Document, whose client_id is its own URL', async ({ request, baseURL }) => {
  const res = await request.get('/oauth/client.json');
  expect(res.ok()).toBe(true);
  const doc = (await res.json()) as Record<string, unknown>;
  expect(doc).toMatchObject({
    client_id: `${baseURL}/oauth/client.json`,
    redirect_uris: [`${baseURL}/oauth/callback`],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
  });
  expect(doc).not.toHaveProperty('client_secret');
});

test('Back from the sign-in page returns to a usable callout with the form as it was', async ({ page }) => {
  const callout = await checkUntilAuth(page, oidc.mcpUrl);
  await page.getByRole('button', { name: 'Add header' }).click();
  await page.getByLabel('Header 1 name').fill('X-Trace');
  await callout.getByRole('button', { name: 'Get a token' }).click();
  await page.waitForURL(/\/interaction\//);
  await page.goBack();
  await expect(page.locator('[data-callout="auth"]').getByRole('button', { name: 'Get a token' })).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByLabel('MCP server URL')).toHaveValue(oidc.mcpUrl);
  await expect(page.getByLabel('Header 1 name')).toHaveValue('X-Trace');
});
