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

/**
 * Monitors (issue 18): a server checked on a schedule. No account: the public id is the status
 * page's address, and a manage token (only its SHA-256 is kept) is the private key to change it.
 * Never stores the headers a person typed: a monitor checks without them.
 */
export const monitors = sqliteTable(
  'monitors',
  {
    /** nanoid, 21 characters: /m/{id}. */
    id: text('id').primaryKey(),
    /** SHA-256 (hex) of the manage token; the token itself is shown once and never stored. */
    manageTokenHash: text('manage_token_hash').notNull(),
    /** The checked URL without userinfo, query or fragment (the same cut as a shared report). */
    url: text('url').notNull(),
    intervalS: integer('interval_s').notNull(),
    webhookUrl: text('webhook_url'),
    /** SHA-256 of the rate-limit client key that created it, for the per-client cap. */
    clientHash: text('client_hash').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Last visit to the manage link (or a PATCH); 90 days without one and the monitor expires. */
    managedAt: integer('managed_at', { mode: 'timestamp_ms' }).notNull(),
    /** 'active' | 'paused' | 'expired'. */
    state: text('state').notNull(),
    /** Why it is paused or expired, in a sentence for the status page. */
    stateNote: text('state_note'),
    /** When the next run is due (epoch ms). Slots are spread over the interval (db/scheduler.ts). */
    nextRunAt: integer('next_run_at').notNull(),
    /** Who holds the run now and until when (epoch ms): the lease a crashed instance leaves to expire. */
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' }),
    lastVerdict: text('last_verdict'),
    lastToolCount: integer('last_tool_count'),
    /** When the current unbroken DOWN streak began (epoch ms); NULL while up. */
    downSince: integer('down_since'),
    /** The last surface seen (lib/monitor/surface.ts), as JSON, and its fingerprint. */
    surface: text('surface'),
    surfaceHash: text('surface_hash'),
  },
  (t) => [index('monitors_due_idx').on(t.state, t.nextRunAt), index('monitors_client_idx').on(t.clientHash)],
);
export type MonitorRow = typeof monitors.$inferSelect;

/** One scheduled check of a monitor. The report is kept 30 days, then only the summary columns. */
export const monitorRuns = sqliteTable(
  'monitor_runs',
  {
    id: text('id').primaryKey(),
    monitorId: text('monitor_id').notNull(),
    /** The slot this run filled (epoch ms): two runs of one monitor never share a slot. */
    scheduledFor: integer('scheduled_for').notNull(),
    checkedAt: integer('checked_at', { mode: 'timestamp_ms' }).notNull(),
    verdict: text('verdict').notNull(),
    durationMs: integer('duration_ms').notNull(),
    toolCount: integer('tool_count').notNull(),
    summary: text('summary').notNull(),
    /** The instance that ran it (lease owner), for the record. */
    runner: text('runner').notNull(),
    /** The sanitized report, gzipped; NULL after 30 days. */
    reportGz: blob('report_gz', { mode: 'buffer' }),
  },
  (t) => [index('monitor_runs_monitor_idx').on(t.monitorId, t.checkedAt), index('monitor_runs_checked_idx').on(t.checkedAt)],
);

/** What changed: a verdict change, a drift of the surface, or the monitor pausing or expiring. */
export const monitorEvents = sqliteTable(
  'monitor_events',
  {
    id: text('id').primaryKey(),
    monitorId: text('monitor_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** 'verdict' | 'drift' | 'paused'. */
    kind: text('kind').notNull(),
    /** One line for the page, the feed and the webhook. */
    title: text('title').notNull(),
    /** JSON: the verdict change or the list of drift changes (lib/monitor/drift.ts). */
    detail: text('detail').notNull(),
    /** A tool definition changed: the tools an agent sees are not the ones it was shown before. */
    security: integer('security', { mode: 'boolean' }).notNull(),
    runId: text('run_id'),
    /** What the webhook got: "200", "refused: …", or NULL when there is none. */
    delivery: text('delivery'),
  },
  (t) => [index('monitor_events_monitor_idx').on(t.monitorId, t.at)],
);

/**
 * Pending sign-ins ("Get a token" → /oauth/callback), shared by every instance so a callback that
 * lands on another one finds its flow. The record itself is one JSON document parsed back with
 * lib/signin/flows.ts FlowRecord: new fields need no migration. Rows live 10 minutes and are taken
 * (deleted) on use.
 */
export const oauthFlows = sqliteTable(
  'oauth_flows',
  {
    /** The OAuth `state`: random, 256 bits. */
    state: text('state').primaryKey(),
    /** The guard's client key of whoever started it: the per-client bound counts these. */
    client: text('client').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    record: text('record').notNull(),
  },
  (t) => [index('oauth_flows_client_idx').on(t.client, t.createdAt), index('oauth_flows_created_at_idx').on(t.createdAt)],
);
