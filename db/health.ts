// The database half of GET /health: one trivial statement on the app's own connection.
import type { Client } from '@libsql/client';
import type { CheckDatabase, DatabaseCheck } from '@/lib/app-health';
import { getDatabase } from './client';

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

/** The probe /health uses: the app's own database connection (embedded file or remote libSQL). */
export const checkDatabase: CheckDatabase = () => pingDatabase(async () => (await getDatabase()).client);
