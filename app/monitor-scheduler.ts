// The scheduler inside the app (instrumentation.ts starts it on `npm start`): claims due monitors
// (db/scheduler.ts), runs the same engine as every other door (in the app's check workers) with the guard's address policy and
// no typed headers, records the run, and alerts by webhook. No 'server-only' marker: the
// multi-process test runs this very module in plain Node processes.
import { hostname } from 'node:os';
import { nanoid } from 'nanoid';
import { guardConfig } from '@/lib/guard/config';
import { startLoop, type Loop } from '@/lib/monitor/loop';
import { runOutcome } from '@/lib/monitor/outcome';
import { deliverWebhook, type WebhookBody } from '@/lib/monitor/webhook';
import { claimDue, completeRun, expireUnmanaged, type Claim } from '@/db/scheduler';
import { purgeMonitorRuns, recordDelivery } from '@/db/monitors';
import { checkRunner } from './check-pool';
import { monitorConfig } from './monitor-config';

type Env = Record<string, string | undefined>;

const SLOT = Symbol.for('mcp-health.monitor-scheduler');
type Holder = { [SLOT]?: Loop };

/** The public origin for links in webhooks (PUBLIC_URL or the first APP_ORIGIN); relative without one. */
function publicOrigin(env: Env): string {
  const first = (env.PUBLIC_URL ?? env.APP_ORIGIN ?? '').split(/[\s,]+/).find(Boolean);
  return first ? first.replace(/\/+$/, '') : '';
}

export function runMonitor(env: Env, owner: string) {
  // In the app's check workers (app/check-pool.ts), like every other check the app runs.
  const run = checkRunner(env);
  // The operator's address policy, built as the guard builds it (lib/guard/config): a scheduled run
  // has no request, so no request origins to add, but the app's own port and APP_ORIGIN are in it.
  const policy = guardConfig(env).policy;
  return async (claim: Claim): Promise<void> => {
    // No headers: monitors never store what a person typed (a protected server is watched up to its auth surface).
    const report = await run({ url: claim.url }, { outboundOptions: { policy } });
    const now = Date.now();
    const outcome = runOutcome(claim, report, new Date(now));
    const done = await completeRun(claim, report, outcome, now);
    if (!done.ok) {
      console.error(`[mcp-health] monitors: ${owner} lost the lease on ${claim.id} before recording; the run is dropped`);
      return;
    }
    if (!claim.webhookUrl) return;
    const statusUrl = `${publicOrigin(env)}/m/${claim.id}`;
    for (const [i, e] of outcome.events.entries()) {
      const body: WebhookBody = { monitor: { id: claim.id, url: claim.url, statusUrl }, event: { kind: e.kind, title: e.title, at: new Date(now).toISOString(), security: e.security, detail: e.detail } };
      const delivery = await deliverWebhook(claim.webhookUrl, body, { policy });
      await recordDelivery(done.eventIds[i]!, delivery).catch(() => undefined);
    }
  };
}

/** Idempotent: dev reloads and the several bundles Next makes share one scheduler per process. */
export function startMonitorScheduler(env: Env = process.env): Loop | undefined {
  const config = monitorConfig(env);
  if (!config.enabled) return undefined;
  const holder = globalThis as Holder;
  if (holder[SLOT]) return holder[SLOT];
  const owner = `${hostname()}:${process.pid}:${nanoid(6)}`;
  holder[SLOT] = startLoop<Claim>({
    claim: (now) => claimDue(owner, now, config.leaseMs),
    run: runMonitor(env, owner),
    maintain: async (now) => {
      await expireUnmanaged(now);
      await purgeMonitorRuns();
    },
    tickMs: config.tickMs,
    maxConcurrent: config.maxConcurrent,
  });
  return holder[SLOT];
}
