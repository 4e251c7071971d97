import { access, chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { and, eq, lte, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { sanitizeReport } from '@/lib/report/sanitize';
import { Report } from '@/lib/report/schema';
import { databaseConfig, openDatabase, type Database } from './client';
import { reports } from './schema';
import { getReport, getReportStatus, HOLDS_REPORT, purgeExpired, REPORT_TTL_MS, saveReport, TOMBSTONE_TTL_MS, MAX_STORED_BYTES } from './store';
import { canRecover } from '@/e2e/support/db-files';
import { freePort } from '@/e2e/free-port';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const at = (ms: number) => () => new Date(T0.getTime() + ms);

let dir: string;
let database: Database;
const deps = (now = at(0)) => ({ now, database: async () => database });

/** A row as the previous version stored it: the JSON as text in `report`, no `report_gz`. */
async function insertTextRow(id: string, json: string, createdAt = T0) {
  await database.db.insert(reports).values({ id, createdAt, expiresAt: new Date(createdAt.getTime() + REPORT_TTL_MS), url: 'https://mcp.example.com/mcp', verdict: 'healthy', era: 'legacy', serverName: 'example-server', serverVersion: '1.2.3', schemaVersion: 1, report: json });
}

/** A row whose `report_gz` holds these bytes. */
async function insertBlobRow(id: string, blob: Buffer) {
  await database.db.insert(reports).values({ id, createdAt: T0, expiresAt: new Date(T0.getTime() + REPORT_TTL_MS), url: 'https://x.example/mcp', verdict: 'healthy', era: 'modern', schemaVersion: 1, reportGz: blob });
}

/** A report of the size a real check produces (~12 KB of JSON: tools with schemas and descriptions). */
function typicalReport() {
  const verbs = ['Lists', 'Reads', 'Creates', 'Updates', 'Deletes', 'Searches'];
  const things = ['issues', 'pull requests', 'files', 'comments', 'labels', 'releases', 'branches'];
  const tools = Array.from({ length: 28 }, (_, i) => {
    const thing = things[i % things.length]!;
    return {
      name: `${verbs[i % verbs.length]!.toLowerCase()}_${thing.replace(' ', '_')}_${i}`,
      description: `${verbs[i % verbs.length]} ${thing} in a repository the token can see. Returns at most 100 items per page; pass the cursor from the previous answer to continue.`,
      inputSchema: { type: 'object', properties: { owner: { type: 'string' }, repo: { type: 'string' }, cursor: { type: 'string' }, [`filter${i}`]: { type: 'string', description: `Only ${thing} matching this` } }, required: ['owner', 'repo'] },
    };
  });
  return sampleReport({ tools });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-health-store-'));
  database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(async () => {
  database.close();
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('report store', () => {
  it('creates the data directory, the file in WAL mode, and applies the migrations', async () => {
    const nested = path.join(dir, 'a', 'b');
    const d = await openDatabase(databaseConfig({ DATA_DIR: nested }));
    const mode = await d.client.execute('PRAGMA journal_mode');
    expect(mode.rows[0]?.[0]).toBe('wal');
    const tables = await d.client.execute("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name");
    expect(tables.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['reports', 'reports_expires_at_idx']));
    d.close();
    await access(path.join(nested, 'mcp-health.db'));
  });

  it('round-trips a report through the schema, sanitized, for 7 days', async () => {
    const saved = await saveReport(sampleReport(), deps());
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(saved.expiresAt.getTime() - saved.createdAt.getTime()).toBe(REPORT_TTL_MS);
    const read = await getReport(saved.id, deps(at(1000)));
    expect(read.status).toBe('found');
    if (read.status !== 'found') return;
    expect(Report.parse(read.report)).toEqual(sanitizeReport(sampleReport()));
    expect(read.report.session?.id).not.toBe('sess-6f1c2a9b7d');
    const row = (await database.db.select().from(reports))[0]!;
    expect(row).toMatchObject({ url: 'https://mcp.example.com/mcp', verdict: 'healthy', era: 'legacy', serverName: 'example-server', serverVersion: '1.2.3', schemaVersion: 1 });
    // Through the compressed column: gzip of the sanitized JSON, nothing left in the text column.
    expect(row.report).toBeNull();
    expect(JSON.parse(gunzipSync(row.reportGz!).toString('utf8'))).toEqual(sanitizeReport(sampleReport()));
  });

  it('stores a report of typical size compressed, inside its table page: no overflow pages to free and zero on purge', async () => {
    const report = typicalReport();
    const json = JSON.stringify(sanitizeReport(report));
    // As text this row would not fit in a 4 KB page (at most 4 061 bytes of a row stay in it,
    // https://sqlite.org/fileformat2.html#cell_payload_overflow_pages).
    expect(Buffer.byteLength(json)).toBeGreaterThan(10_000);
    const saved = await saveReport(report, deps());
    if (!saved.ok) throw new Error('save failed');
    const read = await getReport(saved.id, deps());
    expect(read.status === 'found' && read.report).toEqual(sanitizeReport(report));
    const overflow = await database.client.execute("SELECT count(*) FROM dbstat WHERE name = 'reports' AND pagetype = 'overflow'");
    expect(Number(overflow.rows[0]?.[0])).toBe(0);
  });

  it('hides a report once it expires and purges it: emptied at once, forgotten after the tombstone period', async () => {
    const marker = 'purge-me-7f3a9c1e5b';
    const saved = await saveReport(sampleReport({ instructions: marker }), deps());
    if (!saved.ok) throw new Error('save failed');
    // Move the row into the main file, as a long-running server would have by now.
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    // The check below can see the report through its compression: before the purge it is there.
    expect(await canRecover(dir, marker)).toBe(true);
    expect((await getReport(saved.id, deps(at(REPORT_TTL_MS - 1)))).status).toBe('found');
    const expired = await getReport(saved.id, deps(at(REPORT_TTL_MS)));
    expect(expired).toMatchObject({ status: 'expired', url: 'https://mcp.example.com/mcp' });

    expect(await purgeExpired(deps(at(REPORT_TTL_MS - 1)))).toEqual({ ok: true, emptied: 0, deleted: 0 });
    expect(await purgeExpired(deps(at(REPORT_TTL_MS)))).toEqual({ ok: true, emptied: 1, deleted: 0 });
    const row = (await database.db.select().from(reports))[0]!;
    expect(row.report).toBeNull();
    expect(row.reportGz).toBeNull();
    expect(row.serverName).toBeNull();
    expect((await getReport(saved.id, deps(at(0)))).status).toBe('expired');

    // The content is gone from the files, not just unlinked: neither raw nor inside a gzip member.
    database.close();
    expect(await canRecover(dir, marker)).toBe(false);
    database = await openDatabase(databaseConfig({ DATA_DIR: dir }));

    expect(await purgeExpired(deps(at(REPORT_TTL_MS + TOMBSTONE_TTL_MS)))).toEqual({ ok: true, emptied: 0, deleted: 1 });
    expect((await getReport(saved.id, deps(at(0)))).status).toBe('missing');
  });

  it('a report emptied by the purge on a later save is gone from the files after the next hourly sweep', async () => {
    const marker = 'emptied-on-save-5d2c8a';
    const saved = await saveReport(sampleReport({ instructions: marker }), deps());
    if (!saved.ok) throw new Error('save failed');
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    // A week later someone shares another report: that save's bounded purge empties the first one...
    await saveReport(sampleReport(), deps(at(REPORT_TTL_MS)));
    expect((await database.db.select().from(reports).where(eq(reports.id, saved.id)))[0]).toMatchObject({ report: null, reportGz: null });
    // ...so the hourly sweep finds nothing left to empty, and must still flush the WAL over the old page.
    expect(await purgeExpired(deps(at(REPORT_TTL_MS + 60 * 60 * 1000)))).toEqual({ ok: true, emptied: 0, deleted: 0 });
    database.close();
    expect(await canRecover(dir, marker)).toBe(false);
    database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
  });

  it('purges in bounded batches and on write', async () => {
    for (let i = 0; i < 30; i++) await saveReport(sampleReport(), deps());
    expect(await purgeExpired({ ...deps(at(REPORT_TTL_MS)), limit: 10 })).toEqual({ ok: true, emptied: 10, deleted: 0 });
    // A save 7 days later empties the 20 other expired rows (up to 25) on its way.
    await saveReport(sampleReport(), deps(at(REPORT_TTL_MS)));
    const left = await database.client.execute('SELECT count(*) FROM reports WHERE report IS NOT NULL OR report_gz IS NOT NULL');
    expect(Number(left.rows[0]?.[0])).toBe(1);
    expect(await purgeExpired(deps(at(REPORT_TTL_MS)))).toEqual({ ok: true, emptied: 0, deleted: 0 });
  });

  it('lets other work run between the batches of a full sweep', async () => {
    for (let i = 0; i < 600; i++) await saveReport(sampleReport(), deps());
    const order: string[] = [];
    setImmediate(() => order.push('a request'));
    const swept = await purgeExpired(deps(at(REPORT_TTL_MS)));
    order.push('sweep done');
    expect(swept).toEqual({ ok: true, emptied: 600, deleted: 0 });
    expect(order).toEqual(['a request', 'sweep done']);
    // The 600 saves of the set-up alone outlast the default 5 s on a loaded machine; what this test
    // checks is the order, not the speed.
  }, 60_000);

  it('finds expired reports to empty through an index that leaves tombstones out', async () => {
    // The sweep's query, built from the store's own condition as drizzle writes it: the planner must
    // pick the partial index, or each sweep batch and each save's bounded purge walks every tombstone.
    const query = database.db.select({ rowid: sql`rowid` }).from(reports).where(and(lte(reports.expiresAt, T0), HOLDS_REPORT)).limit(500).toSQL();
    const plan = await database.client.execute(`EXPLAIN QUERY PLAN ${query.sql}`, query.params as number[]);
    expect(plan.rows.map((r) => String(r.detail)).join(' ')).toMatch(/USING INDEX reports_live_expires_at_idx/);
  });

  it('still reads and purges a report saved by the previous version, as text', async () => {
    const marker = 'old-format-3b9e1d7c55';
    const json = JSON.stringify(sanitizeReport(sampleReport({ instructions: marker })));
    await insertTextRow('T'.repeat(21), json);
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const read = await getReport('T'.repeat(21), deps(at(1000)));
    expect(read.status === 'found' && read.report).toEqual(sanitizeReport(sampleReport({ instructions: marker })));
    expect(await getReportStatus('T'.repeat(21), deps(at(1000)))).toMatchObject({ status: 'live' });
    expect(await canRecover(dir, marker)).toBe(true);

    // Found by the sweep (through the partial index, which covers both columns) and emptied.
    expect(await purgeExpired(deps(at(REPORT_TTL_MS)))).toEqual({ ok: true, emptied: 1, deleted: 0 });
    expect((await database.db.select().from(reports))[0]).toMatchObject({ report: null, reportGz: null, serverName: null });
    expect((await getReport('T'.repeat(21), deps(at(0)))).status).toBe('expired');
    expect(await getReportStatus('T'.repeat(21), deps(at(0)))).toMatchObject({ status: 'expired' });
    database.close();
    expect(await canRecover(dir, marker)).toBe(false);
    database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
  });

  it('upgrades a database from the previous version: its text reports read, count for the sweep, and purge', async () => {
    // The migrations as the previous version shipped them: everything before 0003.
    const old = path.join(dir, 'old-migrations');
    await cp(path.join(process.cwd(), 'db', 'migrations'), old, { recursive: true });
    const journalFile = path.join(old, 'meta', '_journal.json');
    const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const before = journal.entries.findIndex((e) => e.tag === '0003_reports_gzip');
    expect(before).toBeGreaterThan(0);
    await writeFile(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
    const upgradeDir = path.join(dir, 'upgrade');
    const previous = await openDatabase(databaseConfig({ DATA_DIR: upgradeDir }), { migrations: old });
    expect((await previous.client.execute('PRAGMA table_info(reports)')).rows.map((r) => r.name)).not.toContain('report_gz');
    const json = JSON.stringify(sanitizeReport(sampleReport()));
    await previous.client.execute({
      sql: 'INSERT INTO reports (id, created_at, expires_at, url, verdict, era, schema_version, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      args: ['U'.repeat(21), T0.getTime(), T0.getTime() + REPORT_TTL_MS, 'https://mcp.example.com/mcp', 'healthy', 'legacy', 1, json],
    });
    previous.close();

    const upgraded = await openDatabase(databaseConfig({ DATA_DIR: upgradeDir }));
    try {
      const on = (now: () => Date) => ({ now, database: async () => upgraded });
      const read = await getReport('U'.repeat(21), on(at(1000)));
      expect(read.status === 'found' && read.report).toEqual(sanitizeReport(sampleReport()));
      expect(await purgeExpired(on(at(REPORT_TTL_MS)))).toEqual({ ok: true, emptied: 1, deleted: 0 });
      expect((await getReport('U'.repeat(21), on(at(0)))).status).toBe('expired');
    } finally {
      upgraded.close();
    }
  });

  it('says "unreadable", without throwing, for a stored report that does not decompress to a report', async () => {
    const good = gzipSync(JSON.stringify(sanitizeReport(sampleReport())));
    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0x10; // one bit flipped mid-stream: gzip's CRC-32 catches it
    const cases: Record<string, Buffer> = {
      'not gzip': Buffer.from('definitely not gzip'),
      'empty': Buffer.alloc(0),
      'cut short': good.subarray(0, good.length - 20),
      'a flipped bit': flipped,
      'gzip of something else': gzipSync('{"schemaVersion":1,"hello":'),
      // Decompresses to a valid report, but larger than anything this store writes.
      'too large to be ours': gzipSync(JSON.stringify(sanitizeReport(sampleReport())) + ' '.repeat(MAX_STORED_BYTES)),
    };
    const ids = Object.keys(cases).map((_, i) => `Z${String(i).padStart(20, '0')}`);
    for (const [i, blob] of Object.values(cases).entries()) await insertBlobRow(ids[i]!, blob);
    for (const [i, name] of Object.keys(cases).entries()) {
      expect(await getReport(ids[i]!, deps()), name).toMatchObject({ status: 'unreadable', url: 'https://x.example/mcp' });
    }
    // The same bytes, undamaged, read fine: the failures above are the damage, not the row.
    await insertBlobRow('G'.repeat(21), good);
    expect((await getReport('G'.repeat(21), deps())).status).toBe('found');
  });

  it('says "missing" for an unknown or malformed id and "unreadable" for a row that no longer parses', async () => {
    expect((await getReport('nope', deps())).status).toBe('missing');
    expect((await getReport('A'.repeat(21), deps())).status).toBe('missing');
    await database.db.insert(reports).values({ id: 'B'.repeat(21), createdAt: T0, expiresAt: new Date(T0.getTime() + REPORT_TTL_MS), url: 'https://x.example/mcp', verdict: 'healthy', era: 'modern', schemaVersion: 0, report: '{"schemaVersion":0}' });
    await database.db.insert(reports).values({ id: 'C'.repeat(21), createdAt: T0, expiresAt: new Date(T0.getTime() + REPORT_TTL_MS), url: 'https://x.example/mcp', verdict: 'healthy', era: 'modern', schemaVersion: 1, report: '{not json' });
    expect(await getReport('B'.repeat(21), deps())).toMatchObject({ status: 'unreadable', url: 'https://x.example/mcp' });
    expect((await getReport('C'.repeat(21), deps())).status).toBe('unreadable');
  });

  it('refuses a report too large to share', async () => {
    const tools = Array.from({ length: 300 }, (_, i) => ({ name: `t${i}`, description: 'd'.repeat(8000) }));
    const r = await saveReport(sampleReport({ tools }), deps());
    expect(r).toMatchObject({ ok: false, reason: 'too-large' });
    expect(MAX_STORED_BYTES).toBeGreaterThan(1024 * 1024);
  });

  it('checks the size before compressing: a report over the limit is refused even if it compresses well', async () => {
    const tools = [{ name: 'big', description: 'x'.repeat(MAX_STORED_BYTES) }];
    expect(gzipSync(JSON.stringify(sanitizeReport(sampleReport({ tools })))).length).toBeLessThan(64 * 1024);
    expect(await saveReport(sampleReport({ tools }), deps())).toMatchObject({ ok: false, reason: 'too-large' });
  });
});

describe('getReportStatus (what the proxy asks before each shared page)', () => {
  it('says live, expired or missing like getReport, from the expiry and whether a report is held', async () => {
    const saved = await saveReport(sampleReport(), deps());
    if (!saved.ok) throw new Error('save failed');
    expect(await getReportStatus(saved.id, deps(at(REPORT_TTL_MS - 1)))).toEqual({ status: 'live', id: saved.id, expiresAt: saved.expiresAt });
    expect(await getReportStatus(saved.id, deps(at(REPORT_TTL_MS)))).toEqual({ status: 'expired', id: saved.id, expiresAt: saved.expiresAt });
    // Emptied by the sweep: expired whatever the clock says.
    await purgeExpired(deps(at(REPORT_TTL_MS)));
    expect((await getReportStatus(saved.id, deps(at(0)))).status).toBe('expired');
    expect((await getReport(saved.id, deps(at(0)))).status).toBe('expired');
    // Forgotten after the tombstone period, or never there.
    await purgeExpired(deps(at(REPORT_TTL_MS + TOMBSTONE_TTL_MS)));
    expect(await getReportStatus(saved.id, deps())).toEqual({ status: 'missing', id: saved.id });
    expect(await getReportStatus('A'.repeat(21), deps())).toEqual({ status: 'missing', id: 'A'.repeat(21) });
    expect(await getReportStatus('../etc/passwd', deps())).toEqual({ status: 'missing', id: '../etc/passwd' });
  });

  it('never reads the report: a damaged one is "live" here and left to the page to call unreadable', async () => {
    await insertBlobRow('D'.repeat(21), Buffer.from('definitely not gzip'));
    expect((await getReportStatus('D'.repeat(21), deps())).status).toBe('live');
    expect((await getReport('D'.repeat(21), deps())).status).toBe('unreadable');
  });

  it('says unavailable when the database is down or hangs', async () => {
    const port = await freePort();
    const down = await getReportStatus('A'.repeat(21), { database: () => openDatabase(databaseConfig({ DATABASE_URL: `http://127.0.0.1:${port}` })) });
    expect(down).toMatchObject({ status: 'unavailable', reason: 'unavailable' });
    const t = Date.now();
    const hung = await getReportStatus('A'.repeat(21), { database: () => new Promise<Database>(() => undefined), timeoutMs: 50 });
    expect(hung).toMatchObject({ status: 'unavailable' });
    expect(Date.now() - t).toBeLessThan(5_000);
  });
});

describe('when the database is unavailable or read-only', () => {
  it('a remote URL on a closed port: save and read return a typed failure, nothing throws', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: `http://127.0.0.1:${port}` };
    const db = () => openDatabase(databaseConfig(env));
    const saved = await saveReport(sampleReport(), { database: db });
    expect(saved).toMatchObject({ ok: false, reason: 'unavailable' });
    if (!saved.ok) expect(saved.message).toMatch(/Sharing is unavailable/);
    expect(await getReport('A'.repeat(21), { database: db })).toMatchObject({ status: 'unavailable' });
    expect(await purgeExpired({ database: db })).toMatchObject({ ok: false });
  });

  it('a database that refuses writes (query_only) reports "read-only"', async () => {
    await database.client.execute('PRAGMA query_only = ON');
    const saved = await saveReport(sampleReport(), deps());
    expect(saved).toMatchObject({ ok: false, reason: 'read-only' });
    if (!saved.ok) expect(saved.message).toMatch(/read-only/);
  });

  it('a data directory that cannot be written: a typed failure', async () => {
    const ro = await unwritableDir(dir);
    if (!ro) return; // no way to make one on this machine
    const saved = await saveReport(sampleReport(), { database: () => openDatabase(databaseConfig({ DATA_DIR: ro })) });
    expect(saved.ok).toBe(false);
    if (!saved.ok) expect(['read-only', 'unavailable']).toContain(saved.reason);
  });

  it('a store call that hangs gives up after its timeout', async () => {
    const saved = await saveReport(sampleReport(), { database: () => new Promise<Database>(() => undefined), timeoutMs: 50 });
    expect(saved).toMatchObject({ ok: false, reason: 'unavailable' });
  });
});


/** A read-only directory: chmod works for ordinary users; root ignores modes, so fall back to sysfs. */
async function unwritableDir(base: string): Promise<string | undefined> {
  const ro = path.join(base, 'ro');
  await writeFile(path.join(base, 'probe'), '');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(ro);
  await chmod(ro, 0o555);
  try {
    await writeFile(path.join(ro, 'probe'), '');
  } catch {
    return ro;
  }
  for (const candidate of ['/sys/fs/cgroup', '/proc/self']) {
    try {
      await access(candidate, constants.F_OK);
      await writeFile(path.join(candidate, 'mcp-health-probe'), '');
    } catch {
      return candidate;
    }
  }
  return undefined;
}
