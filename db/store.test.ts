import { mkdtemp, readFile, rm, writeFile, chmod, access } from 'node:fs/promises';
import { constants } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleReport } from '@/lib/report/sample-report';
import { sanitizeReport } from '@/lib/report/sanitize';
import { Report } from '@/lib/report/schema';
import { databaseConfig, openDatabase, type Database } from './client';
import { reports } from './schema';
import { getReport, purgeExpired, REPORT_TTL_MS, saveReport, TOMBSTONE_TTL_MS, MAX_STORED_BYTES } from './store';

const T0 = new Date('2026-01-10T12:00:00.000Z');
const at = (ms: number) => () => new Date(T0.getTime() + ms);

let dir: string;
let database: Database;
const deps = (now = at(0)) => ({ now, database: async () => database });

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
  });

  it('hides a report once it expires and purges it: emptied at once, forgotten after the tombstone period', async () => {
    const marker = 'purge-me-7f3a9c1e5b';
    const saved = await saveReport(sampleReport({ instructions: marker }), deps());
    if (!saved.ok) throw new Error('save failed');
    // Move the row into the main file, as a long-running server would have by now.
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    expect((await getReport(saved.id, deps(at(REPORT_TTL_MS - 1)))).status).toBe('found');
    const expired = await getReport(saved.id, deps(at(REPORT_TTL_MS)));
    expect(expired).toMatchObject({ status: 'expired', url: 'https://mcp.example.com/mcp' });

    expect(await purgeExpired(deps(at(REPORT_TTL_MS - 1)))).toEqual({ ok: true, emptied: 0, deleted: 0 });
    expect(await purgeExpired(deps(at(REPORT_TTL_MS)))).toEqual({ ok: true, emptied: 1, deleted: 0 });
    const row = (await database.db.select().from(reports))[0]!;
    expect(row.report).toBeNull();
    expect(row.serverName).toBeNull();
    expect((await getReport(saved.id, deps(at(0)))).status).toBe('expired');

    // The content is gone from the files, not just unlinked.
    database.close();
    const bytes = Buffer.concat(await Promise.all(['mcp-health.db', 'mcp-health.db-wal'].map((f) => readFile(path.join(dir, f)).catch(() => Buffer.alloc(0)))));
    expect(bytes.includes(marker)).toBe(false);
    database = await openDatabase(databaseConfig({ DATA_DIR: dir }));

    expect(await purgeExpired(deps(at(REPORT_TTL_MS + TOMBSTONE_TTL_MS)))).toEqual({ ok: true, emptied: 0, deleted: 1 });
    expect((await getReport(saved.id, deps(at(0)))).status).toBe('missing');
  });

  it('purges in bounded batches and on write', async () => {
    for (let i = 0; i < 30; i++) await saveReport(sampleReport(), deps());
    expect(await purgeExpired({ ...deps(at(REPORT_TTL_MS)), limit: 10 })).toEqual({ ok: true, emptied: 10, deleted: 0 });
    // A save 7 days later empties the 20 other expired rows (up to 25) on its way.
    await saveReport(sampleReport(), deps(at(REPORT_TTL_MS)));
    const left = await database.client.execute('SELECT count(*) FROM reports WHERE report IS NOT NULL');
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
  });

  it('finds expired reports to empty through an index that leaves tombstones out', async () => {
    // The sweep's query, as drizzle writes it (qualified names): the planner must pick the partial
    // index, or each sweep batch and each save's bounded purge walks every tombstone.
    const plan = await database.client.execute(
      'EXPLAIN QUERY PLAN SELECT "id" FROM "reports" WHERE ("reports"."expires_at" <= ? AND "reports"."report" IS NOT NULL) LIMIT 500',
      [T0.getTime()],
    );
    expect(plan.rows.map((r) => String(r.detail)).join(' ')).toMatch(/USING INDEX reports_live_expires_at_idx/);
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
});

describe('when the database is unavailable or read-only', () => {
  it('a remote URL on a closed port: save and read return a typed failure, nothing throws', async () => {
    const port = await closedPort();
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

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr !== 'string' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

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
