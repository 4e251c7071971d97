// The libSQL client, made lazily from the environment on first use, with migrations applied before
// anyone gets it. Embedded SQLite file by default; DATABASE_URL (+ DATABASE_AUTH_TOKEN) points at a
// remote libSQL/Turso database instead, with no code change.
import { mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';

export const DB_FILE = 'mcp-health.db';
/** Writers wait this long for a lock on the embedded file instead of failing at once with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

export interface DatabaseConfig {
  url: string;
  authToken?: string;
  /** A local file: WAL and the busy timeout apply. */
  embedded: boolean;
  /** Created on first start when the database is the embedded default. */
  dataDir?: string;
}

export interface Database {
  db: LibSQLDatabase<typeof schema>;
  client: Client;
  config: DatabaseConfig;
  /** The embedded file as it was when opened; see fileChanged. */
  file?: FileIdentity;
  close(): void;
}

export interface FileIdentity {
  path: string;
  dev: number;
  ino: number;
}

/** The embedded database's path, or undefined for a remote database (or an in-memory one). */
function filePath(config: DatabaseConfig): string | undefined {
  if (!config.embedded || !config.url.startsWith('file:') || config.url === 'file::memory:') return undefined;
  const rest = config.url.slice('file:'.length).split('?')[0]!;
  return rest.startsWith('//') ? fileURLToPath(config.url.split('?')[0]!) : path.resolve(rest);
}

async function identify(config: DatabaseConfig): Promise<FileIdentity | undefined> {
  const p = filePath(config);
  if (!p) return undefined;
  // Runtime data, not source: keep the bundler from tracing the whole project because of it.
  const st = await stat(/*turbopackIgnore: true*/ p);
  return { path: p, dev: st.dev, ino: st.ino };
}

/**
 * Why the embedded file is no longer the one this process writes, or undefined when it still is.
 * A file deleted (or replaced) while the app runs stays open: every write still "succeeds" into
 * an unlinked inode that is gone at the next restart, so Share would hand out links to nothing.
 */
export async function fileChanged(database: Pick<Database, 'file'>): Promise<string | undefined> {
  const f = database.file;
  if (!f) return undefined;
  try {
    const st = await stat(f.path);
    if (st.dev !== f.dev || st.ino !== f.ino) return `the database file ${f.path} was replaced while the app runs; restart the app to use the new one`;
    return undefined;
  } catch {
    return `the database file ${f.path} was deleted while the app runs; anything written now is lost at the next restart`;
  }
}

type Env = Record<string, string | undefined>;

export function databaseConfig(env: Env = process.env): DatabaseConfig {
  const remote = env.DATABASE_URL?.trim();
  if (remote) {
    const authToken = env.DATABASE_AUTH_TOKEN?.trim();
    return { url: remote, ...(authToken ? { authToken } : {}), embedded: remote.startsWith('file:') };
  }
  // Runtime data, not source: keep the bundler from tracing the whole project because of it.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR?.trim() || 'data');
  return { url: `file:${path.join(dataDir, DB_FILE)}`, embedded: true, dataDir };
}

export function migrationsFolder(env: Env = process.env): string {
  return env.MIGRATIONS_DIR?.trim() || path.join(process.cwd(), 'db', 'migrations');
}

/** Opens the database and applies pending migrations. Throws on failure; db/store turns that into a typed result. */
export async function openDatabase(config: DatabaseConfig, options: { migrations?: string } = {}): Promise<Database> {
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true });
  const client = createClient({
    url: config.url,
    ...(config.authToken ? { authToken: config.authToken } : {}),
    // libsql runs embedded statements synchronously, so a pool buys nothing here; one connection
    // also means the per-connection pragmas below hold for every statement.
    ...(config.embedded ? { timeout: BUSY_TIMEOUT_MS, concurrency: 1 } : {}),
  });
  try {
    // WAL lets pages read while Share writes; the setting is stored in the file, so once is enough.
    if (config.embedded) {
      await client.execute('PRAGMA journal_mode = WAL');
      // Expired reports are overwritten, not just unlinked from the b-tree (see purgeExpired).
      await client.execute('PRAGMA secure_delete = ON');
    }
    const db = drizzle(client, { schema });
    await migrateWithRetry(db, options.migrations ?? migrationsFolder());
    const file = await identify(config);
    return { db, client, config, ...(file ? { file } : {}), close: () => client.close() };
  } catch (err) {
    client.close();
    throw err;
  }
}

/**
 * Two processes starting together (two instances, or the server and a test seeding the same file)
 * can both find a migration pending; the loser's CREATE TABLE fails. Once the winner has committed,
 * running the migrator again finds nothing to do.
 */
async function migrateWithRetry(db: LibSQLDatabase<typeof schema>, folder: string) {
  try {
    await migrate(db, { migrationsFolder: folder });
  } catch {
    await new Promise((r) => setTimeout(r, 200));
    await migrate(db, { migrationsFolder: folder });
  }
}

const SLOT = Symbol.for('mcp-health.database');
type Slot = { url: string; promise: Promise<Database> };
type Holder = { [SLOT]?: Slot };

/**
 * The process's database, opened on first use. Kept on globalThis because Next bundles routes,
 * actions, instrumentation and the proxy separately, and they must share one client (one pool,
 * one migration run). A failed open is forgotten so the next call tries again.
 */
export function getDatabase(env: Env = process.env): Promise<Database> {
  const config = databaseConfig(env);
  const holder = globalThis as Holder;
  const current = holder[SLOT];
  if (current && current.url === config.url) return current.promise;
  const promise = openDatabase(config);
  const slot: Slot = { url: config.url, promise };
  holder[SLOT] = slot;
  promise.catch(() => {
    if (holder[SLOT] === slot) delete holder[SLOT];
  });
  return promise;
}

/** Closes the process's database (tests, shutdown). */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const slot = holder[SLOT];
  delete holder[SLOT];
  if (slot) await slot.promise.then((d) => d.close()).catch(() => undefined);
}
