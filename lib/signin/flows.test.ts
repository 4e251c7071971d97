import { beforeEach, describe, expect, it } from 'vitest';
import { flowRecord } from '@/e2e/support/flow-record';
import { FLOW_TTL_MS, MAX_FLOWS_PER_CLIENT, MemoryFlowStore, type FlowRecord } from './flows';

const rec = (state: string, createdAt: number, client = `client-${state}`): FlowRecord => flowRecord(state, client, createdAt, { binding: 'b', issRequired: false });

describe('flow records', () => {
  let store: MemoryFlowStore;
  beforeEach(() => {
    store = new MemoryFlowStore({ perClient: MAX_FLOWS_PER_CLIENT, total: 1_000 });
  });

  it('can be taken once', async () => {
    await store.save(rec('s1', 1000));
    expect((await store.take('s1', 1001))?.state).toBe('s1');
    expect(await store.take('s1', 1002)).toBeUndefined();
  });

  it('expire after ten minutes, and an expired one is gone for good', async () => {
    await store.save(rec('s1', 0));
    expect(await store.take('s1', FLOW_TTL_MS)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('unknown states find nothing', async () => {
    await store.save(rec('s1', 0));
    expect(await store.take('s2', 1)).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('are pruned when new ones are saved, and capped', async () => {
    await store.save(rec('old', 0));
    await store.save(rec('new', FLOW_TTL_MS + 1));
    expect(store.size).toBe(1);
    store = new MemoryFlowStore({ perClient: MAX_FLOWS_PER_CLIENT, total: 3 });
    for (let i = 0; i < 5; i++) await store.save(rec(`s${i}`, 10));
    expect(store.size).toBe(3);
    // Full: new sign-ins are refused, nobody's pending one is dropped.
    expect(await store.save(rec('late', 10))).toMatchObject({ ok: false });
    expect(await store.take('s0', 11)).toBeDefined();
  });

  it('one client filling the store evicts only its own sign-ins, never another client\'s', async () => {
    await store.save(rec('theirs', 10, '198.51.100.7'));
    for (let i = 0; i < 1_000; i++) await store.save(rec(`mine${i}`, 10, '203.0.113.9'));
    expect(store.size).toBe(1 + MAX_FLOWS_PER_CLIENT);
    expect((await store.take('theirs', 11))?.client).toBe('198.51.100.7');
    expect(await store.take('mine0', 11)).toBeUndefined();
    expect(await store.take('mine999', 11)).toBeDefined();
  });
});
