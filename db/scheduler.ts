// The monitors' work queue: which instance runs which monitor, and when. Several app instances on
// one database share the work with no double runs. A due monitor is claimed by ONE UPDATE that
// picks it and sets a lease in the same statement (the SKIP LOCKED pattern of SQL job queues, in
// SQLite's form: a write statement holds the database's write lock from start to end,
// https://sqlite.org/lockingv3.html, so no two instances can both see the row unleased). A lease
// that expires (its instance crashed) makes the monitor due again; the write-back after a run
// happens only while the lease is still the runner's, so a run that outlived its lease is dropped
// rather than counted twice.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { Report } from '@/lib/report/schema';
import type { Outcome } from '@/lib/monitor/outcome';
import { sanitizeReport } from '@/lib/report/sanitize';
import { getDatabase, type Database } from './client';
import { packReport } from './monitors';
import { monitorEvents, monitorRuns, monitors, type MonitorRow } from './schema';

export const EXPIRE_AFTER_MS = 90 * 24 * 3_600_000;

export interface SchedulerStoreDeps {
  database?: () => Promise<Database>;
}

const db = async (deps: SchedulerStoreDeps) => (await (deps.database ?? getDatabase)()).db;

export type Claim = MonitorRow & { leaseOwner: string; leaseUntil: number };

/** Claims the most overdue monitor for `owner` until `now + leaseMs`, or returns undefined when none is due. */
export async function claimDue(owner: string, now: number, leaseMs: number, deps: SchedulerStoreDeps = {}): Promise<Claim | undefined> {
  const d = await db(deps);
  const free = sql`(${monitors.leaseUntil} is null or ${monitors.leaseUntil} <= ${now})`;
  const due = and(eq(monitors.state, 'active'), sql`${monitors.nextRunAt} <= ${now}`, free);
  const pick = d.select({ id: monitors.id }).from(monitors).where(due).orderBy(monitors.nextRunAt).limit(1);
  // The WHERE repeats `due`: the subquery and the update are one statement, but saying it twice
  // keeps the claim correct even on an engine that evaluated them apart.
  const rows = await d
    .update(monitors)
    .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
    .where(and(inArray(monitors.id, pick), due))
    .returning();
  const row = rows[0];
  return row ? (row as Claim) : undefined;
}

/**
 * The next slot after `now` on the monitor's own phase. A new monitor's first run comes within
 * seconds of its creation (db/monitors.ts firstSlot), so monitors made together would share a
 * phase: after the first run the phase moves by a random part of the interval, never sooner than
 * one interval, which spreads runs over the interval instead of bunching them.
 */
export function nextSlot(scheduledFor: number, intervalS: number, now: number, firstRun = false, random: () => number = Math.random): number {
  const step = intervalS * 1000;
  const behind = Math.max(0, Math.floor((now - scheduledFor) / step));
  return scheduledFor + (behind + 1) * step + (firstRun ? Math.floor(random() * step) : 0);
}

export type Completed = { ok: true; runId: string; eventIds: string[] } | { ok: false; reason: 'lease-lost' };

/** Records a run and its events and releases the lease, all or nothing, only if `claim` still holds the lease. */
export async function completeRun(claim: Claim, report: Report, outcome: Outcome, now: number, deps: SchedulerStoreDeps = {}): Promise<Completed> {
  const d = await db(deps);
  const runId = nanoid();
  const stored = sanitizeReport(report);
  return d.transaction(async (tx): Promise<Completed> => {
    const released = await tx
      .update(monitors)
      .set({
        leaseOwner: null,
        leaseUntil: null,
        nextRunAt: nextSlot(claim.nextRunAt, claim.intervalS, now, claim.lastRunAt === null),
        lastRunAt: new Date(now),
        ...outcome.state,
        ...(outcome.pause ? { state: 'paused', stateNote: outcome.pause } : {}),
      })
      .where(and(eq(monitors.id, claim.id), eq(monitors.leaseOwner, claim.leaseOwner), eq(monitors.state, 'active')))
      .returning({ id: monitors.id });
    // Lease lost (expired and taken over, or the monitor was paused): nothing was written.
    if (!released.length) return { ok: false as const, reason: 'lease-lost' as const };
    await tx.insert(monitorRuns).values({
      id: runId,
      monitorId: claim.id,
      scheduledFor: claim.nextRunAt,
      checkedAt: new Date(now),
      verdict: report.verdict,
      durationMs: Math.round(report.durationMs),
      toolCount: report.tools.length,
      summary: report.summary.slice(0, 500),
      runner: claim.leaseOwner,
      reportGz: packReport(stored),
    });
    const eventIds = outcome.events.map(() => nanoid());
    if (outcome.events.length) {
      await tx.insert(monitorEvents).values(
        outcome.events.map((e, i) => ({
          id: eventIds[i]!,
          monitorId: claim.id,
          at: new Date(now),
          kind: e.kind,
          title: e.title.slice(0, 500),
          detail: JSON.stringify(e.detail),
          security: e.security,
          runId,
        })),
      );
    }
    return { ok: true as const, runId, eventIds };
  });
}

/** Lets go of a lease without recording a run (the instance is stopping). */
export async function releaseLease(claim: Claim, deps: SchedulerStoreDeps = {}): Promise<void> {
  await (await db(deps))
    .update(monitors)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(monitors.id, claim.id), eq(monitors.leaseOwner, claim.leaseOwner)));
}

/** Monitors nobody has managed for 90 days stop (their page says so); a visit to the manage link revives them. */
export async function expireUnmanaged(now: number, deps: SchedulerStoreDeps = {}): Promise<number> {
  const res = await (await db(deps))
    .update(monitors)
    .set({ state: 'expired', stateNote: 'Expired: nobody opened the manage link for 90 days. Open it to keep watching this server.' })
    .where(and(inArray(monitors.state, ['active', 'paused']), lt(monitors.managedAt, new Date(now - EXPIRE_AFTER_MS))));
  return res.rowsAffected;
}
