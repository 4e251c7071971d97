// The report store: the only code that reads or writes shared reports. Pages, actions and the proxy
// call these functions and never see SQL. Every function returns a typed result and never throws into a
// page: a missing or read-only database makes Share say so, and the check itself keeps working.
import { gunzipSync, gzipSync } from 'node:zlib';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import { Report, type Report as ReportT } from '@/lib/report/schema';
import { sanitizeReport } from '@/lib/report/sanitize';
import { fileChanged, getDatabase, type Database } from './client';
import { reports } from './schema';

export const REPORT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How long an expired id still answers "expired" (410) before it is forgotten (404). */
export const TOMBSTONE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** A sanitized report larger than this is refused (bodies are already capped; this bounds tool lists). */
export const MAX_STORED_BYTES = 2 * 1024 * 1024;
/** Store calls give up after this long (a remote database that hangs must not hang Share). */
export const STORE_TIMEOUT_MS = 10_000;
/** Rows purged per statement, so a sweep never holds the write lock for long. */
export const PURGE_BATCH = 500;
/** Rows purged on each save: the table stays bounded even if the hourly sweep never runs. */
export const PURGE_ON_WRITE = 25;

const ID = /^[A-Za-z0-9_-]{21}$/;

/**
 * Whether a row still holds a report, in either column (db/schema.ts). Word for word the WHERE of
 * the partial index reports_live_expires_at_idx: SQLite uses a partial index only when its WHERE
 * appears as a term of the query's (https://sqlite.org/partialindex.html, section 3); the
 * query-plan test in db/store.test.ts holds the two together.
 */
export const HOLDS_REPORT = sql`(${reports.report} is not null or ${reports.reportGz} is not null)`;

/** SQLite's own row key (https://sqlite.org/lang_createtable.html#rowid): reports is a rowid table. */
const ROWID = sql<number>`rowid`;

/**
 * Reports are stored gzipped (RFC 1952) at zlib's default level. Measured on the bench's real
 * legacy report (11 564 bytes of JSON, e2e/bench/storage.ts): gzip 2 241 bytes, 45 µs to compress,
 * 13 µs to decompress; raw deflate 18 bytes less (no header or CRC-32); brotli at quality 5
 * 2 068 bytes but 80 µs / 15 µs. Any of them brings the row under SQLite's 4 061-byte limit for a
 * cell kept whole in a 4 KB table page (https://sqlite.org/fileformat2.html, "Cell Payload Overflow
 * Pages"), so the report no longer spills into overflow pages that the purge must free and zero.
 * gzip's CRC-32 makes a damaged blob fail to decompress instead of yielding almost-right JSON.
 */
function pack(json: string): Buffer {
  return gzipSync(json);
}

/** The stored JSON text, or undefined when the blob does not decompress (damaged, not gzip, or too large to be ours). */
function unpack(row: { report: string | null; reportGz: Buffer | null }): string | undefined {
  if (row.reportGz === null) return row.report ?? undefined;
  try {
    // No report was stored larger than MAX_STORED_BYTES, so a larger output is not one of ours.
    return gunzipSync(row.reportGz, { maxOutputLength: MAX_STORED_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
}

export interface StoreDeps {
  now?: () => Date;
  database?: () => Promise<Database>;
  newId?: () => string;
  timeoutMs?: number;
}

export type StoreFailureReason = 'unavailable' | 'read-only' | 'too-large';
export type StoreFailure = { ok: false; reason: StoreFailureReason; message: string };

export type SaveResult = { ok: true; id: string; createdAt: Date; expiresAt: Date } | StoreFailure;

export type ReadResult =
  | { status: 'found'; id: string; report: ReportT; createdAt: Date; expiresAt: Date }
  /** The row is there but its JSON no longer parses with today's schema. */
  | { status: 'unreadable'; id: string; url: string; createdAt: Date; expiresAt: Date }
  | { status: 'expired'; id: string; url: string; createdAt: Date; expiresAt: Date }
  | { status: 'missing'; id: string }
  | { status: 'unavailable'; id: string; reason: StoreFailureReason; message: string };

/** Expired reports are never shown, even before the sweep empties them; an emptied row is expired. */
function isGone(expiresAt: Date, holdsReport: boolean, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime() || !holdsReport;
}

/** What getReportStatus knows without reading the report: whether there is one to show. */
export type StatusResult =
  /** A report is held and not yet expired; whether it still parses is for getReport to say. */
  | { status: 'live'; id: string; expiresAt: Date }
  | { status: 'expired'; id: string; expiresAt: Date }
  | { status: 'missing'; id: string }
  | { status: 'unavailable'; id: string; reason: StoreFailureReason; message: string };

export type PurgeResult = { ok: true; emptied: number; deleted: number } | StoreFailure;

/** Sanitizes and stores a report for 7 days. The caller has already verified that the app produced it. */
export async function saveReport(report: ReportT, deps: StoreDeps = {}): Promise<SaveResult> {
  const now = (deps.now ?? (() => new Date()))();
  const sanitized = sanitizeReport(report);
  const json = JSON.stringify(sanitized);
  if (Buffer.byteLength(json) > MAX_STORED_BYTES) {
    return { ok: false, reason: 'too-large', message: `This report is too large to share (over ${MAX_STORED_BYTES / 1024 / 1024} MB, mostly the tool list).` };
  }
  const id = (deps.newId ?? (() => nanoid()))();
  const createdAt = now;
  const expiresAt = new Date(now.getTime() + REPORT_TTL_MS);
  try {
    const gone = await withTimeout(deps, async () => {
      const database = await (deps.database ?? getDatabase)();
      // Never a link to nothing: a deleted or replaced file would swallow the row.
      const changed = await fileChanged(database);
      if (changed) return changed;
      await database.db.insert(reports).values({
        id,
        createdAt,
        expiresAt,
        url: sanitized.url,
        verdict: sanitized.verdict,
        era: sanitized.era,
        serverName: sanitized.serverInfo?.name ?? null,
        serverVersion: sanitized.serverInfo?.version ?? null,
        schemaVersion: sanitized.schemaVersion,
        reportGz: pack(json),
      });
      return undefined;
    });
    if (gone) return { ok: false, reason: 'unavailable', message: `Sharing is unavailable: ${gone}. Your check result is not affected.` };
  } catch (err) {
    return failure(err, 'save');
  }
  // Bounded clean-up on write; a failure here must not fail the save that already succeeded.
  await purgeExpired({ ...deps, now: () => now, limit: PURGE_ON_WRITE });
  return { ok: true, id, createdAt, expiresAt };
}

/** Reads a shared report. Expired reports are never returned, even before the sweep empties them. */
export async function getReport(id: string, deps: StoreDeps = {}): Promise<ReadResult> {
  if (!ID.test(id)) return { status: 'missing', id };
  const now = (deps.now ?? (() => new Date()))();
  // The app's own database only: a test's database of its own is read every time.
  const cached = deps.database ? undefined : decoded.get(id);
  if (cached) {
    decoded.delete(id);
    // Until its expiry a stored report never changes (only the purge empties it, and only after).
    if (cached.expiresAt.getTime() > now.getTime()) {
      decoded.set(id, cached);
      return cached;
    }
  }
  let row: typeof reports.$inferSelect | undefined;
  try {
    row = await withTimeout(deps, async () => {
      const { db } = await (deps.database ?? getDatabase)();
      const rows = await db.select().from(reports).where(eq(reports.id, id)).limit(1);
      return rows[0];
    });
  } catch (err) {
    const f = failure(err, 'read');
    return { status: 'unavailable', id, reason: f.reason, message: f.message };
  }
  if (!row) return { status: 'missing', id };
  const meta = { id, url: row.url, createdAt: row.createdAt, expiresAt: row.expiresAt };
  if (isGone(row.expiresAt, row.report !== null || row.reportGz !== null, now)) return { status: 'expired', ...meta };
  const json = unpack(row);
  if (json === undefined) return { status: 'unreadable', ...meta };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { status: 'unreadable', ...meta };
  }
  const parsed = Report.safeParse(value);
  if (!parsed.success) return { status: 'unreadable', ...meta };
  const found: Found = { status: 'found', id, report: parsed.data, createdAt: row.createdAt, expiresAt: row.expiresAt };
  if (!deps.database) {
    decoded.set(id, found);
    if (decoded.size > DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  }
  return found;
}

type Found = Extract<ReadResult, { status: 'found' }>;
/**
 * Reports read lately, gunzipped, parsed and validated, least recently read first (a Map keeps
 * insertion order): a shared link is read by everyone it was sent to, and every read of /r/{id}
 * paid the gunzip, JSON.parse and schema parse again (docs/benchmarks.md, part 4). Readers share
 * the object and must not change it. ~100 KB each in memory at most.
 */
const decoded = new Map<string, Found>();
const DECODED_MAX = 200;

/**
 * Whether /r/{id} has a report to show, without reading it: the expiry and whether the row still
 * holds a report, never the report itself (so nothing is decompressed or parsed). The proxy asks
 * this before every shared page to pick its HTTP status; the page then reads the report itself.
 */
export async function getReportStatus(id: string, deps: StoreDeps = {}): Promise<StatusResult> {
  if (!ID.test(id)) return { status: 'missing', id };
  const now = (deps.now ?? (() => new Date()))();
  let row: { expiresAt: Date; held: number } | undefined;
  try {
    row = await withTimeout(deps, async () => {
      const { db } = await (deps.database ?? getDatabase)();
      const rows = await db
        .select({ expiresAt: reports.expiresAt, held: sql<number>`${HOLDS_REPORT}`.mapWith(Number) })
        .from(reports)
        .where(eq(reports.id, id))
        .limit(1);
      return rows[0];
    });
  } catch (err) {
    const f = failure(err, 'read');
    return { status: 'unavailable', id, reason: f.reason, message: f.message };
  }
  if (!row) return { status: 'missing', id };
  if (isGone(row.expiresAt, Boolean(row.held), now)) return { status: 'expired', id, expiresAt: row.expiresAt };
  return { status: 'live', id, expiresAt: row.expiresAt };
}

/**
 * Empties expired reports (the report, in whichever column holds it, and the server columns go at
 * once) and deletes rows whose expiry is older than TOMBSTONE_TTL_MS. Bounded: at most `limit` rows each, or everything in
 * batches of PURGE_BATCH when no limit is given (the start-up and hourly sweep).
 */
export async function purgeExpired(deps: StoreDeps & { limit?: number } = {}): Promise<PurgeResult> {
  const now = (deps.now ?? (() => new Date()))();
  const batch = deps.limit ?? PURGE_BATCH;
  let emptied = 0;
  let deleted = 0;
  try {
    await withTimeout({ ...deps, timeoutMs: deps.limit ? deps.timeoutMs : 60_000 }, async () => {
      const { db, config } = await (deps.database ?? getDatabase)();
      for (;;) {
        // Rows are picked by rowid, not id: the expiry indexes hold the rowid, and the update then
        // walks the table in rowid order. By id, each row was found again through the id index, in
        // random order: 20 % more reads and 15-25 % longer for 100 000 rows (docs/benchmarks.md, part 5).
        const expired = db
          .select({ rowid: ROWID })
          .from(reports)
          .where(and(lte(reports.expiresAt, now), HOLDS_REPORT))
          .limit(batch);
        const forgotten = db
          .select({ rowid: ROWID })
          .from(reports)
          .where(lte(reports.expiresAt, new Date(now.getTime() - TOMBSTONE_TTL_MS)))
          .limit(batch);
        const [e, d] = await db.batch([
          db.update(reports).set({ report: null, reportGz: null, serverName: null, serverVersion: null }).where(inArray(ROWID, expired)),
          db.delete(reports).where(inArray(ROWID, forgotten)),
        ]);
        emptied += e.rowsAffected;
        deleted += d.rowsAffected;
        if (deps.limit !== undefined || (e.rowsAffected < batch && d.rowsAffected < batch)) break;
        // The embedded driver runs each batch synchronously, so without this the whole sweep is one
        // block of the event loop: every page waited for it (6 s for 100 000 reports; see
        // docs/benchmarks.md, part 5). Between batches, requests get their turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // secure_delete (db/client.ts) zeroes freed content in the new version of each page; the
      // checkpoint copies those over the old versions in the database file and truncating the WAL
      // drops old frames, so an expired report cannot be read back from the files either
      // (https://sqlite.org/pragma.html#pragma_secure_delete, #pragma_wal_checkpoint). Every full
      // sweep does it, even one that found nothing: the bounded purge on each save empties reports
      // without a checkpoint, and at a few shares a day the WAL never fills enough for SQLite's own.
      if (config.embedded && deps.limit === undefined) await db.run('PRAGMA wal_checkpoint(TRUNCATE)');
    });
  } catch (err) {
    return failure(err, 'purge');
  }
  return { ok: true, emptied, deleted };
}

async function withTimeout<T>(deps: StoreDeps, run: () => Promise<T>): Promise<T> {
  const ms = deps.timeoutMs ?? STORE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`database did not answer within ${ms} ms`), { code: 'TIMEOUT' })), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Turns whatever the driver threw into a sentence for the person; the details go to the server log. */
function failure(err: unknown, op: 'save' | 'read' | 'purge'): StoreFailure {
  const codes: string[] = [];
  const messages: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object') {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') codes.push(code);
      if (e instanceof Error) messages.push(e.message);
      e = (e as { cause?: unknown }).cause;
    } else break;
  }
  const text = `${codes.join(' ')} ${messages.join(' ')}`;
  console.error(`[mcp-health] report store ${op} failed: ${codes.join(', ') || 'no code'}: ${messages[messages.length - 1] ?? String(err)}`.slice(0, 500));
  if (/SQLITE_FULL|ENOSPC|disk is full/i.test(text)) {
    return { ok: false, reason: 'unavailable', message: 'Sharing is unavailable: the disk holding the report database is full. Your check result is not affected.' };
  }
  if (/READONLY|EROFS|EACCES|EPERM|read-?only/i.test(text)) {
    return { ok: false, reason: 'read-only', message: 'Sharing is unavailable: the report database is read-only. Your check result is not affected.' };
  }
  return {
    ok: false,
    reason: 'unavailable',
    message: 'Sharing is unavailable: the report database cannot be reached right now. Your check result is not affected; try Share again later.',
  };
}
