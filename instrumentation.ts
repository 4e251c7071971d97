// Runs once when a server process starts (node_modules/next/dist/docs/01-app/03-api-reference/03-file-conventions/instrumentation.md):
// stamp each request's socket address for the rate limits, open the report database (applying
// migrations), sweep expired shared reports now and every hour, start the check workers and the
// monitor scheduler.
export async function register(): Promise<void> {
  // The edge runtime has no sockets or native modules; the build does not serve requests.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { installPeerStamp } = await import('./lib/web/peer-stamp');
  installPeerStamp();
  const { startSweeper } = await import('./db/sweeper');
  // Not awaited: a slow or missing database must not delay or stop the server (checks work without it).
  startSweeper();
  // The check workers (app/check-pool.ts) load the engine now, not during the first check.
  const { warmChecks } = await import('./app/check-pool');
  void warmChecks().catch(() => undefined);
  // Monitors (issue 18): scheduled checks claimed from the shared database; not awaited either.
  const { startMonitorScheduler } = await import('./app/monitor-scheduler');
  startMonitorScheduler();
}
