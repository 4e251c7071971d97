// The database schema, one file (drizzle-kit reads it to generate db/migrations).
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Shared reports. One row per press of Share; nothing is stored otherwise.
 * `report_gz` holds the sanitized report JSON (lib/report/sanitize), gzipped; rows saved before
 * migration 0003 hold it as text in `report` instead. When a report expires the sweep empties both
 * and the server columns at once and deletes the row some days later: the leftover id, URL and
 * dates let an old link say "expired" (410) rather than "not found".
 */
export const reports = sqliteTable(
  'reports',
  {
    /** nanoid, 21 characters: the public, unguessable part of /r/{id}. */
    id: text('id').primaryKey(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** createdAt + 7 days. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** The checked URL without userinfo, query or fragment. */
    url: text('url').notNull(),
    verdict: text('verdict').notNull(),
    era: text('era').notNull(),
    serverName: text('server_name'),
    serverVersion: text('server_version'),
    /** lib/report/schema.ts REPORT_SCHEMA_VERSION of the stored JSON. */
    schemaVersion: integer('schema_version').notNull(),
    /**
     * The sanitized report as JSON text, as saved before migration 0003; NULL for newer rows and
     * once expired. Still read (db/store.ts) until the last such row has expired.
     */
    report: text('report'),
    /**
     * The sanitized report as gzipped JSON (db/store.ts); NULL once expired. An 11 KB report is
     * about 2.2 KB gzipped: the row fits in its 4 KB b-tree page, with no overflow pages for the
     * purge to free and zero (docs/benchmarks.md, part 5).
     */
    reportGz: blob('report_gz', { mode: 'buffer' }),
  },
  (t) => [
    index('reports_expires_at_idx').on(t.expiresAt),
    // What the sweep looks for: expired rows that still hold a report. Without this index each
    // sweep batch (and the bounded purge on every save) walks every emptied row still waiting as a
    // tombstone, up to 30 days of them: purging 100 000 rows took 16 s (docs/benchmarks.md, part 5).
    // A row holds a report in either column; the sweep's WHERE repeats this condition (HOLDS_REPORT
    // in db/store.ts) word for word, which is what lets SQLite use the index
    // (https://sqlite.org/partialindex.html, section 3: a term of the query's WHERE must match the
    // index's WHERE). Changing one without the other brings the quadratic sweep back.
    index('reports_live_expires_at_idx')
      .on(t.expiresAt)
      .where(sql`report is not null or report_gz is not null`),
  ],
);

export type ReportRow = typeof reports.$inferSelect;
export type NewReportRow = typeof reports.$inferInsert;

/**
 * Rate-limit counters (lib/ratelimit), shared by every instance of the app. One row per client,
 * action and fixed window; the key names all three, so a new window starts a new row and old rows
 * are only garbage once `expires_at` has passed.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    /** The end of the window. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('rate_limits_expires_at_idx').on(t.expiresAt)],
);
