import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consume, DEFAULT_LIMITS } from '@/lib/ratelimit';
import { databaseConfig, openDatabase, type Database } from './client';
import { DbRateLimitStore } from './ratelimit-store';

let dir: string;
let database: Database;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-health-rl-'));
  database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
});
afterEach(async () => {
  database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('database rate-limit store', () => {
  it('counts hits atomically, also from two stores on one database (two instances)', async () => {
    const a = new DbRateLimitStore(async () => database);
    const b = new DbRateLimitStore(async () => database);
    const now = Date.UTC(2026, 0, 1, 12, 0, 30);
    const counts = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).hit('k', 60_000, now)));
    expect(counts.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await a.hit('k', 60_000, now + 30_000)).toBe(1); // the next window
  });

  it('enforces the limits across instances and purges ended windows', async () => {
    const a = new DbRateLimitStore(async () => database);
    const b = new DbRateLimitStore(async () => database);
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    for (let i = 0; i < 5; i++) expect((await consume(i % 2 ? a : b, DEFAULT_LIMITS, 'share', '203.0.113.9', now)).ok).toBe(true);
    expect(await consume(a, DEFAULT_LIMITS, 'share', '203.0.113.9', now)).toMatchObject({ ok: false, retryAfterS: 60 });
    expect(await a.purge(now + 2 * 3_600_000)).toBeGreaterThan(0);
    const left = await database.client.execute('SELECT count(*) FROM rate_limits');
    expect(Number(left.rows[0]?.[0])).toBe(0);
  });
});
