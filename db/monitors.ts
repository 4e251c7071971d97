// The monitor store (issue 18): the only code that reads or writes monitors, their runs and
// events. Pages, routes and the scheduler call these functions and never see SQL. The lease and
// the run write-back live in db/scheduler.ts.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { and, count, desc, eq, gte, inArray, lte, isNotNull } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import { Report, type Report as ReportT } from '@/lib/report/schema';
import { getDatabase, type Database } from './client';
import { monitorEvents, monitorRuns, monitors, type MonitorRow } from './schema';

export const RUN_REPORT_TTL_MS = 30 * 24 * 3_600_000;
/** Run summaries are kept this long (the page's longest window is 30 days). */
export const RUN_SUMMARY_TTL_MS = 400 * 24 * 3_600_000;
const ID = /^[A-Za-z0-9_-]{21}$/;
const MAX_REPORT_BYTES = 2 * 1024 * 1024;

export interface MonitorStoreDeps {
  database?: () => Promise<Database>;
  now?: () => Date;
}

const db = async (deps: MonitorStoreDeps) => (await (deps.database ?? getDatabase)()).db;
const nowOf = (deps: MonitorStoreDeps) => (deps.now ?? (() => new Date()))();

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type Monitor = Omit<MonitorRow, 'manageTokenHash' | 'clientHash'>;

function publicView(row: MonitorRow): Monitor {
  const { manageTokenHash: _t, clientHash: _c, ...rest } = row;
  void _t;
  void _c;
  return rest;
}

/** The first slot: soon (so the page fills), but spread so monitors made together do not run together. */
export function firstSlot(now: number, intervalS: number, random: () => number = Math.random): number {
  return now + Math.floor(random() * Math.min(intervalS * 1000, 30_000));
}

export type CreateResult = { ok: true; monitor: Monitor; manageToken: string } | { ok: false; reason: 'limit' | 'unavailable'; message: string };

export async function createMonitor(
  input: { url: string; intervalS: number; webhookUrl?: string; clientKey: string; maxPerClient: number },
  deps: MonitorStoreDeps = {},
): Promise<CreateResult> {
  const now = nowOf(deps);
  const clientHash = hashSecret(`client:${input.clientKey}`);
  const manageToken = randomBytes(24).toString('base64url');
  try {
    const d = await db(deps);
    const [held] = await d
      .select({ n: count() })
      .from(monitors)
      .where(and(eq(monitors.clientHash, clientHash), inArray(monitors.state, ['active', 'paused'])));
    if ((held?.n ?? 0) >= input.maxPerClient) {
      return { ok: false, reason: 'limit', message: `At most ${input.maxPerClient} monitors per client; delete one with its manage link first.` };
    }
    const [row] = await d
      .insert(monitors)
      .values({
        id: nanoid(),
        manageTokenHash: hashSecret(manageToken),
        url: input.url,
        intervalS: input.intervalS,
        webhookUrl: input.webhookUrl ?? null,
        clientHash,
        createdAt: now,
        managedAt: now,
        state: 'active',
        nextRunAt: firstSlot(now.getTime(), input.intervalS),
      })
      .returning();
    return { ok: true, monitor: publicView(row!), manageToken };
  } catch (err) {
    console.error(`[mcp-health] monitor store create failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300));
    return { ok: false, reason: 'unavailable', message: 'Monitors are unavailable: the database cannot be reached right now. Try again later.' };
  }
}

export async function getMonitor(id: string, deps: MonitorStoreDeps = {}): Promise<Monitor | undefined> {
  if (!ID.test(id)) return undefined;
  const rows = await (await db(deps)).select().from(monitors).where(eq(monitors.id, id)).limit(1);
  return rows[0] ? publicView(rows[0]) : undefined;
}

export type Authorized = { status: 'ok'; monitor: Monitor } | { status: 'missing' } | { status: 'forbidden' };

/** Checks a manage token (constant time) and counts it as a manage visit (the 90-day clock restarts). */
export async function authorizeManage(id: string, token: string | undefined, deps: MonitorStoreDeps = {}): Promise<Authorized> {
  if (!ID.test(id)) return { status: 'missing' };
  const d = await db(deps);
  const rows = await d.select().from(monitors).where(eq(monitors.id, id)).limit(1);
  const row = rows[0];
  if (!row) return { status: 'missing' };
  const given = Buffer.from(hashSecret(token ?? ''), 'hex');
  const want = Buffer.from(row.manageTokenHash, 'hex');
  if (!token || given.length !== want.length || !timingSafeEqual(given, want)) return { status: 'forbidden' };
  const now = nowOf(deps);
  const revive = row.state === 'expired' ? { state: 'paused', stateNote: 'Paused: it had expired; resume it to start checking again.' } : {};
  await d.update(monitors).set({ managedAt: now, ...revive }).where(eq(monitors.id, id));
  return { status: 'ok', monitor: publicView({ ...row, managedAt: now, ...revive }) };
}

export interface MonitorPatch {
  intervalS?: number;
  paused?: boolean;
  webhookUrl?: string | null;
}

export async function updateMonitor(id: string, patch: MonitorPatch, deps: MonitorStoreDeps = {}): Promise<Monitor | undefined> {
  const d = await db(deps);
  const now = nowOf(deps).getTime();
  const set: Partial<MonitorRow> = {};
  if (patch.intervalS !== undefined) set.intervalS = patch.intervalS;
  if (patch.webhookUrl !== undefined) set.webhookUrl = patch.webhookUrl;
  if (patch.paused === true) Object.assign(set, { state: 'paused', stateNote: 'Paused by its owner.' });
  if (patch.paused === false) Object.assign(set, { state: 'active', stateNote: null, nextRunAt: now, downSince: null });
  if (patch.intervalS !== undefined && patch.paused !== false) set.nextRunAt = now + Math.floor(Math.random() * patch.intervalS * 1000);
  if (!Object.keys(set).length) return getMonitor(id, deps);
  const [row] = await d.update(monitors).set(set).where(eq(monitors.id, id)).returning();
  return row ? publicView(row) : undefined;
}

export async function deleteMonitor(id: string, deps: MonitorStoreDeps = {}): Promise<boolean> {
  const d = await db(deps);
  const [res] = await d.batch([
    d.delete(monitors).where(eq(monitors.id, id)),
    d.delete(monitorRuns).where(eq(monitorRuns.monitorId, id)),
    d.delete(monitorEvents).where(eq(monitorEvents.monitorId, id)),
  ]);
  return res.rowsAffected > 0;
}

export interface RunSummary {
  id: string;
  scheduledFor: number;
  checkedAt: Date;
  verdict: ReportT['verdict'];
  durationMs: number;
  toolCount: number;
  summary: string;
  runner: string;
  hasReport: boolean;
}

/** Runs since `since`, newest first. */
export async function listRuns(id: string, since: Date, deps: MonitorStoreDeps & { limit?: number } = {}): Promise<RunSummary[]> {
  const d = await db(deps);
  const rows = await d
    .select({
      id: monitorRuns.id,
      scheduledFor: monitorRuns.scheduledFor,
      checkedAt: monitorRuns.checkedAt,
      verdict: monitorRuns.verdict,
      durationMs: monitorRuns.durationMs,
      toolCount: monitorRuns.toolCount,
      summary: monitorRuns.summary,
      runner: monitorRuns.runner,
      hasReport: isNotNull(monitorRuns.reportGz),
    })
    .from(monitorRuns)
    .where(and(eq(monitorRuns.monitorId, id), gte(monitorRuns.checkedAt, since)))
    .orderBy(desc(monitorRuns.checkedAt))
    .limit(deps.limit ?? 20_000);
  return rows.map((r) => ({ ...r, verdict: r.verdict as ReportT['verdict'], hasReport: Boolean(r.hasReport) }));
}

export async function getRunReport(monitorId: string, runId: string, deps: MonitorStoreDeps = {}): Promise<{ report: ReportT; checkedAt: Date } | undefined> {
  if (!ID.test(monitorId) || !ID.test(runId)) return undefined;
  const d = await db(deps);
  const rows = await d
    .select({ gz: monitorRuns.reportGz, checkedAt: monitorRuns.checkedAt })
    .from(monitorRuns)
    .where(and(eq(monitorRuns.monitorId, monitorId), eq(monitorRuns.id, runId)))
    .limit(1);
  const gz = rows[0]?.gz;
  if (!gz) return undefined;
  try {
    const parsed = Report.safeParse(JSON.parse(gunzipSync(gz, { maxOutputLength: MAX_REPORT_BYTES }).toString('utf8')));
    return parsed.success ? { report: parsed.data, checkedAt: rows[0]!.checkedAt } : undefined;
  } catch {
    return undefined;
  }
}

export function packReport(report: ReportT): Buffer | null {
  const json = JSON.stringify(report);
  return Buffer.byteLength(json) > MAX_REPORT_BYTES ? null : gzipSync(json);
}

export interface MonitorEvent {
  id: string;
  at: Date;
  kind: string;
  title: string;
  detail: unknown;
  security: boolean;
  runId: string | null;
  delivery: string | null;
}

export async function listEvents(id: string, deps: MonitorStoreDeps & { limit?: number } = {}): Promise<MonitorEvent[]> {
  const d = await db(deps);
  const rows = await d
    .select()
    .from(monitorEvents)
    .where(eq(monitorEvents.monitorId, id))
    .orderBy(desc(monitorEvents.at))
    .limit(deps.limit ?? 100);
  return rows.map((r) => {
    let detail: unknown = null;
    try {
      detail = JSON.parse(r.detail);
    } catch {
      detail = r.detail;
    }
    return { id: r.id, at: r.at, kind: r.kind, title: r.title, detail, security: r.security, runId: r.runId, delivery: r.delivery };
  });
}

export async function recordDelivery(eventId: string, delivery: string, deps: MonitorStoreDeps = {}): Promise<void> {
  await (await db(deps)).update(monitorEvents).set({ delivery }).where(eq(monitorEvents.id, eventId));
}

/** Empties run reports older than 30 days and drops summaries past theirs. Bounded per call. */
export async function purgeMonitorRuns(deps: MonitorStoreDeps = {}): Promise<void> {
  const d = await db(deps);
  const now = nowOf(deps).getTime();
  const old = d.select({ id: monitorRuns.id }).from(monitorRuns).where(and(lte(monitorRuns.checkedAt, new Date(now - RUN_REPORT_TTL_MS)), isNotNull(monitorRuns.reportGz))).limit(500);
  const ancient = d.select({ id: monitorRuns.id }).from(monitorRuns).where(lte(monitorRuns.checkedAt, new Date(now - RUN_SUMMARY_TTL_MS))).limit(500);
  await d.batch([d.update(monitorRuns).set({ reportGz: null }).where(inArray(monitorRuns.id, old)), d.delete(monitorRuns).where(inArray(monitorRuns.id, ancient))]);
}
