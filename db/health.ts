// The database half of GET /health: the app's own connection answers a read and takes a write, and
// the embedded file on disk is still the one it opened.
import type { Client } from '@libsql/client';
import type { CheckDatabase, DatabaseCheck } from '@/lib/app-health';
import { fileChanged, getDatabase, type Database } from './client';

/**
 * The write probe's own table, outside the migrated schema (it holds nothing between probes). A
 * row with a 4 KB blob needs a fresh page, so a full disk (or a database at its size limit) fails
 * here as it would fail Share, instead of /health answering healthy while every Share fails.
 */
const PROBE_TABLE = 'CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, pad BLOB NOT NULL)';

/** SELECT 1, the file's identity, then a write that is rolled away; any failure is the reason. */
export async function pingDatabase(open: () => Promise<Pick<Client, 'execute'> & Partial<Pick<Database, 'file'>>>): Promise<DatabaseCheck> {
  try {
    const client = await open();
    await client.execute('SELECT 1');
    const changed = await fileChanged(client);
    if (changed) return { ok: false, reason: changed };
    await client.execute(PROBE_TABLE);
    await client.execute({ sql: 'INSERT INTO health_probe (at, pad) VALUES (?, zeroblob(4096))', args: [Date.now()] });
    await client.execute('DELETE FROM health_probe');
    return { ok: true };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ok: false, reason: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}

/** The probe /health uses: the app's own database connection (embedded file or remote libSQL). */
export const checkDatabase: CheckDatabase = () =>
  pingDatabase(async () => {
    const d = await getDatabase();
    return { execute: d.client.execute.bind(d.client), ...(d.file ? { file: d.file } : {}) };
  });
