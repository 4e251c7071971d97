// When the report database cannot be reached, the check still works and Share says so clearly.
// This needs a server with a broken DATABASE_URL, so the spec starts a second `next start` on the
// build the main web server made (playwright.config.ts), pointed at a closed 127.0.0.1 port.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startFixture, type Fixture } from '../fixtures';
import { freePort } from '../free-port';

let fixture: Fixture;
let server: ChildProcess | undefined;
let base = '';


async function waitUp(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

test.beforeAll(async () => {
  test.setTimeout(60_000);
  fixture = await startFixture('echo-headers');
  const [port, dbPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ALLOW_PRIVATE_NETWORKS: 'true', DATABASE_URL: `http://127.0.0.1:${dbPort}` },
    stdio: 'ignore',
    detached: true,
  });
  await waitUp(`${base}/`, 30_000);
});

test.afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  await fixture?.stop();
});

test('the check works and Share shows a clear error when the database is unreachable', async ({ page }) => {
  await page.goto(`${base}/`);
  await page.getByLabel('MCP server URL').fill(fixture.url);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('article.report [data-verdict]')).toHaveAttribute('data-verdict', 'healthy', { timeout: 30_000 });

  await page.getByRole('button', { name: 'Share' }).click();
  const alert = page.locator('.share [role="alert"]');
  await expect(alert).toContainText('Sharing is unavailable', { timeout: 20_000 });
  await expect(alert).toContainText('Your check result is not affected');
  // The report is still there, and Share can be tried again.
  await expect(page.locator('article.report tr.step').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Share' })).toBeEnabled();

  const res = await page.goto(`${base}/r/AAAAAAAAAAAAAAAAAAAAA`);
  expect(res?.status()).toBe(503);
  await expect(page.getByRole('heading', { name: 'Shared reports are unavailable right now' })).toBeVisible();
});
