// The web app's check workers (lib/pool): one pool per process, shared by the guard (every door
// that runs a check: POST /api/check and its stream, the page, /mcp, the token flow) and the
// monitor scheduler, so a burst of checks runs off the event loop that serves pages.
// CHECK_WORKERS sets how many threads (default: the cores but one, 1 to 4); 0 runs checks
// on the main thread as before. No 'server-only' marker: the scheduler's multi-process test runs
// this module in plain Node processes.
import path from 'node:path';
import { runCheck } from '@/lib/check';
import { createCheckPool, type CheckPool, type CheckRunner } from '@/lib/pool/pool';

const SLOT = Symbol.for('mcp-health.check-pool');
const holder = globalThis as typeof globalThis & { [SLOT]?: CheckPool };

type Env = Record<string, string | undefined>;

function pool(env: Env): CheckPool | undefined {
  const size = env.CHECK_WORKERS !== undefined && /^\d+$/.test(env.CHECK_WORKERS.trim()) ? Number(env.CHECK_WORKERS) : undefined;
  if (size === 0) return undefined;
  // The launcher sits beside the app's sources (`next start` and the tests run from the project
  // root); it is plain JavaScript, so Next does not bundle it (next.config.ts traces it).
  holder[SLOT] ??= createCheckPool({ entry: path.join(/* turbopackIgnore: true */ process.cwd(), 'bin', 'check-worker.mjs'), ...(size ? { size } : {}) });
  return holder[SLOT];
}

/** The app's check runner: the pool's, or runCheck itself with CHECK_WORKERS=0. */
export function checkRunner(env: Env = process.env): CheckRunner {
  return pool(env)?.run ?? runCheck;
}

/** Starts the workers now rather than at the first check (a server start); resolves when they have loaded the engine. */
export async function warmChecks(env: Env = process.env): Promise<void> {
  await pool(env)?.warm();
}
