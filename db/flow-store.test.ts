// Pending sign-ins in the database: two stores on one database file stand for two instances.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLOW_TTL_MS, MAX_FLOWS_PER_CLIENT, type FlowRecord } from '@/lib/signin/flows';
import { databaseConfig, openDatabase, type Database } from './client';
import { DbFlowStore } from './flow-store';
import { oauthFlows } from './schema';
import { flowRecord } from '@/e2e/support/flow-record';

let dir: string;
let database: Database;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-health-flows-'));
  database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
});
afterEach(async () => {
  database.close();
  await rm(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 1, 12);
const rec = (state: string, client: string, createdAt = T0): FlowRecord => flowRecord(state, client, createdAt);

describe('database sign-in store', () => {
  it('a flow saved by one instance is taken by another, once', async () => {
    const a = new DbFlowStore(async () => database);
    const b = new DbFlowStore(async () => database);
    expect(await a.save(rec('s1', '198.51.100.1'))).toEqual({ ok: true });
    expect(await b.take('s1', T0 + 1000)).toEqual(rec('s1', '198.51.100.1'));
    expect(await a.take('s1', T0 + 1001)).toBeUndefined();
  });

  it('never stores the state itself: a row is keyed by its hash, and the record carries only that', async () => {
    const s = new DbFlowStore(async () => database);
    const state = 'state-that-finishes-a-sign-in-0123456789';
    await s.save(flowRecord(state, '198.51.100.1', T0, { binding: 'b' }));
    const rows = await database.db.select().from(oauthFlows);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(state);
    expect((await s.take(state, T0 + 1000))?.state).toBe(state);
  });

  it('expires after ten minutes', async () => {
    const s = new DbFlowStore(async () => database);
    await s.save(rec('s1', '198.51.100.1'));
    expect(await s.take('s1', T0 + FLOW_TTL_MS)).toBeUndefined();
  });

  it('one client starting 1 000 sign-ins keeps only its newest 10 and never evicts another client\'s', async () => {
    const s = new DbFlowStore(async () => database);
    await s.save(rec('theirs', '198.51.100.7'));
    for (let i = 0; i < 1_000; i++) await s.save(rec(`mine${i}`, '203.0.113.9', T0 + i));
    expect(await s.size()).toBe(1 + MAX_FLOWS_PER_CLIENT);
    expect((await s.take('theirs', T0 + 2_000))?.client).toBe('198.51.100.7');
    expect(await s.take('mine0', T0 + 2_000)).toBeUndefined();
    expect(await s.take('mine999', T0 + 2_000)).toBeDefined();
  }, 120_000);

  it('refuses a new sign-in when the global bound is reached, dropping nobody\'s', async () => {
    const s = new DbFlowStore(async () => database, { perClient: 10, total: 3 });
    for (const c of ['a', 'b', 'c']) expect((await s.save(rec(c, c))).ok).toBe(true);
    expect(await s.save(rec('d', 'd'))).toMatchObject({ ok: false, message: expect.stringMatching(/Too many sign-ins/) });
    expect(await s.size()).toBe(3);
  });

  it('keeps the record as JSON validated on read: extra fields survive, an unreadable record is unknown', async () => {
    const s = new DbFlowStore(async () => database);
    await s.save({ ...rec('s1', 'x'), ...({ round: 2 } as object) } as FlowRecord);
    await database.client.execute({ sql: "INSERT INTO oauth_flows (state, client, created_at, record) VALUES ('bad', 'x', ?, '{\"state\":1}')", args: [T0] });
    expect(await s.take('s1', T0 + 1)).toMatchObject({ state: 's1' });
    expect(await s.take('bad', T0 + 1)).toBeUndefined();
  });

  it('answers a clear message, not an exception, when the database is unavailable', async () => {
    const s = new DbFlowStore(async () => {
      throw new Error('SQLITE_CANTOPEN');
    });
    expect(await s.save(rec('s1', 'x'))).toMatchObject({ ok: false, message: expect.stringMatching(/database is unavailable/) });
    expect(await s.take('s1', T0)).toBeUndefined();
  });
});
