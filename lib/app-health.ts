// The app's own health (GET /health), for load balancers and uptime monitors: healthy when the
// process answers and the database it needs for shared reports answers too.
import type { HealthResponse } from './api';

export type DatabaseCheck = { ok: true } | { ok: false; reason: string };
export type CheckDatabase = () => Promise<DatabaseCheck>;

/** A monitor must get an answer quickly even when the database hangs rather than refuses. */
export const HEALTH_TIMEOUT_MS = 3_000;

export interface HealthDeps {
  checkDatabase: CheckDatabase;
  now?: () => Date;
  timeoutMs?: number;
}

export async function appHealth(deps: HealthDeps): Promise<{ status: 200 | 503; body: HealthResponse }> {
  const db = await withTimeout(deps.checkDatabase, deps.timeoutMs ?? HEALTH_TIMEOUT_MS);
  const timestamp = (deps.now ?? (() => new Date()))().toISOString();
  if (db.ok) return { status: 200, body: { status: 'healthy', timestamp } };
  return { status: 503, body: { status: 'unhealthy', timestamp, reason: `database: ${db.reason}` } };
}

async function withTimeout(check: CheckDatabase, ms: number): Promise<DatabaseCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DatabaseCheck>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([
      check().catch((err: unknown): DatabaseCheck => ({ ok: false, reason: err instanceof Error ? err.message : String(err) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
