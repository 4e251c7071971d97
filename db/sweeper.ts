// The start-up and hourly sweep of expired reports (instrumentation.ts starts it once per process).
import { purgeExpired, type StoreDeps } from './store';

export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const SLOT = Symbol.for('mcp-health.sweeper');
type Holder = { [SLOT]?: NodeJS.Timeout };

export async function sweepOnce(deps: StoreDeps = {}): Promise<void> {
  const result = await purgeExpired(deps);
  if (result.ok && (result.emptied || result.deleted)) {
    console.info(`[mcp-health] purged shared reports: ${result.emptied} expired, ${result.deleted} forgotten`);
  }
  // A failure was already logged by the store; the next sweep tries again.
}

/** Idempotent: a second call (dev reloads, several bundles) does not start a second timer. */
export function startSweeper(deps: StoreDeps = {}): void {
  const holder = globalThis as Holder;
  if (holder[SLOT]) return;
  holder[SLOT] = setInterval(() => void sweepOnce(deps), SWEEP_INTERVAL_MS);
  // Never keep the process alive just for the sweep.
  holder[SLOT].unref();
  void sweepOnce(deps);
}
