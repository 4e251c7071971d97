import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);

// Debian's Chromium: Playwright cannot download its own browsers on these machines.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e/browser',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // The check workers (app/check-pool.ts) load dist/check-worker.mjs only while it matches the
    // sources, else compile lib/ through tsx in every worker: seconds per worker, enough to push a
    // cancel test past a check's 10 s budget. Build the bundle first, as npm start does.
    command: `node scripts/build-cli.mjs && npx next build && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    // next build runs inside this budget: ~1.5 min on a quiet 2-core machine, over 5 min when it shares
    // the cores with other suites (seen: a build under load 29 hit a 300 s limit).
    timeout: 900_000,
    reuseExistingServer: false,
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      // The peers the tests start live on 127.0.0.1: the operator opt-in for private addresses.
      ALLOW_PRIVATE_NETWORKS: 'true',
      // Every spec checks from 127.0.0.1; the limits have their own tests (app/api/check/route.test.ts).
      RATE_LIMIT: 'off',
      DATA_DIR: 'test-results/e2e-data',
      // Monitors (e2e/browser/monitor.spec.ts): one-second intervals and a fast scheduler tick.
      MONITOR_MIN_INTERVAL: '1',
      MONITOR_TICK_MS: '200',
    },
  },
});
