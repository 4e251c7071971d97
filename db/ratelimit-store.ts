// Rate-limit counters in the database, so every instance of the app counts against the same
// budget. One statement per hit: an upsert that returns the new count, atomic in SQLite/libSQL.
import { lte, sql } from 'drizzle-orm';
import type { RateLimitStore } from '@/lib/ratelimit';
import { getDatabase, type Database } from './client';
import { rateLimits } from './schema';

/** Expired windows are deleted at most this often per process, a batch at a time. */
const PURGE_EVERY_MS = 5 * 60_000;
const PURGE_BATCH = 1000;

export class DbRateLimitStore implements RateLimitStore {
  private lastPurge = 0;

  constructor(private readonly database: () => Promise<Database> = getDatabase) {}

  async hit(key: string, windowMs: number, now: number): Promise<number> {
    const { db } = await this.database();
    const expiresAt = new Date(Math.floor(now / windowMs) * windowMs + windowMs);
    const rows = await db
      .insert(rateLimits)
      .values({ key, count: 1, expiresAt })
      // A row whose window has ended (only possible if a caller reuses a key) starts again at 1.
      // SQLite evaluates every SET expression against the old row.
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`CASE WHEN ${rateLimits.expiresAt} <= ${now} THEN 1 ELSE ${rateLimits.count} + 1 END`,
          expiresAt: sql`CASE WHEN ${rateLimits.expiresAt} <= ${now} THEN ${expiresAt.getTime()} ELSE ${rateLimits.expiresAt} END`,
        },
      })
      .returning({ count: rateLimits.count });
    if (now - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = now;
      void this.purge(now).catch(() => undefined);
    }
    return rows[0]?.count ?? 1;
  }

  /** Delete windows that have ended. */
  async purge(now: number): Promise<number> {
    const { db } = await this.database();
    const old = db.select({ key: rateLimits.key }).from(rateLimits).where(lte(rateLimits.expiresAt, new Date(now))).limit(PURGE_BATCH);
    const res = await db.delete(rateLimits).where(sql`${rateLimits.key} in ${old}`);
    return res.rowsAffected;
  }
}
