// Pending sign-ins in the database every instance shares (lib/signin/flows.ts FlowStore), so the
// callback finds its flow whichever instance it lands on. Taking a flow is one DELETE … RETURNING:
// single use holds across instances too.
import { createHash } from 'node:crypto';
import { and, count, eq, lte, sql } from 'drizzle-orm';
import { FLOW_TTL_MS, FlowRecord, MAX_FLOWS, MAX_FLOWS_PER_CLIENT, STORE_DOWN, STORE_FULL, type FlowStore, type SaveOutcome } from '@/lib/signin/flows';
import { getDatabase, type Database } from './client';
import { oauthFlows } from './schema';

/**
 * Rows are keyed by a hash of `state`, and the stored record carries that hash, not `state`: the
 * database (and its WAL, which keeps deleted rows' bytes for a while) never holds a value that would
 * let someone who reads the file complete another person's sign-in (RFC 6749 §10.12).
 */
const stateKey = (state: string): string => createHash('sha256').update(state).digest('base64url');

export class DbFlowStore implements FlowStore {
  constructor(
    private readonly database: () => Promise<Database> = getDatabase,
    private readonly limits = { perClient: MAX_FLOWS_PER_CLIENT, total: MAX_FLOWS },
  ) {}

  async save(rec: FlowRecord): Promise<SaveOutcome> {
    try {
      const { db } = await this.database();
      await db.delete(oauthFlows).where(lte(oauthFlows.createdAt, new Date(rec.createdAt - FLOW_TTL_MS)));
      // Room among this client's own flows: keep its newest perClient - 1, then add this one.
      const keep = db
        .select({ state: oauthFlows.state })
        .from(oauthFlows)
        .where(eq(oauthFlows.client, rec.client))
        .orderBy(sql`${oauthFlows.createdAt} desc`)
        .limit(this.limits.perClient - 1);
      await db.delete(oauthFlows).where(and(eq(oauthFlows.client, rec.client), sql`${oauthFlows.state} not in ${keep}`));
      const [total] = await db.select({ n: count() }).from(oauthFlows);
      if ((total?.n ?? 0) >= this.limits.total) return { ok: false, message: STORE_FULL };
      const key = stateKey(rec.state);
      await db.insert(oauthFlows).values({ state: key, client: rec.client, createdAt: new Date(rec.createdAt), record: JSON.stringify({ ...rec, state: key }) });
      return { ok: true };
    } catch (err) {
      console.error(`[mcp-health] sign-in store: ${err instanceof Error ? err.message : String(err)}`);
      return { ok: false, message: STORE_DOWN };
    }
  }

  async take(state: string, now: number): Promise<FlowRecord | undefined> {
    try {
      const { db } = await this.database();
      const rows = await db.delete(oauthFlows).where(eq(oauthFlows.state, stateKey(state))).returning({ createdAt: oauthFlows.createdAt, record: oauthFlows.record });
      const row = rows[0];
      if (row === undefined || now - row.createdAt.getTime() >= FLOW_TTL_MS) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(row.record);
      } catch {
        return undefined;
      }
      const parsed = FlowRecord.safeParse(json);
      return parsed.success ? { ...parsed.data, state } : undefined;
    } catch (err) {
      console.error(`[mcp-health] sign-in store: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** For tests and the sweeper: how many are pending. */
  async size(): Promise<number> {
    const { db } = await this.database();
    const [total] = await db.select({ n: count() }).from(oauthFlows);
    return total?.n ?? 0;
  }
}
