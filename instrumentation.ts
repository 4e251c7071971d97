// Runs once when a server process starts: open the report database (applying migrations) and
// sweep expired shared reports now and every hour.
export async function register(): Promise<void> {
  // The edge runtime cannot load libsql's native module; the build does not serve requests.
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startSweeper } = await import('./db/sweeper');
  // Not awaited: a slow or missing database must not delay or stop the server (checks work without it).
  startSweeper();
}
