// The database half of GET /health: one trivial statement on the app's own connection.
import type { Client } from '@libsql/client';
import type { CheckDatabase, DatabaseCheck } from '@/lib/health';

/** Runs SELECT 1 on the client `open` returns; any failure (open, connect, query) is the reason. */
export async function pingDatabase(open: () => Promise<Pick<Client, 'execute'>>): Promise<DatabaseCheck> {
  try {
    const client = await open();
    await client.execute('SELECT 1');
    return { ok: true };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ok: false, reason: `${err instanceof Error ? err.message : String(err)}${cause}` };
  }
}

/**
 * The probe /health uses. This branch has no database yet (it comes with the share branch's
 * db/client.ts); once merged this becomes:
 *   export const checkDatabase: CheckDatabase = () => pingDatabase(async () => (await getDatabase()).client);
 */
export const checkDatabase: CheckDatabase = async () => ({ ok: true });
