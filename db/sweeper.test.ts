import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { databaseConfig, openDatabase, type Database } from './client';
import { REPORT_TTL_MS, getReport, saveReport } from './store';
import { SWEEP_INTERVAL_MS, startSweeper } from './sweeper';

let dir: string | undefined;
let database: Database | undefined;

const emptied = async () => Number((await database!.client.execute('SELECT count(*) FROM reports WHERE report IS NULL AND report_gz IS NULL')).rows[0]?.[0]);

afterEach(async () => {
  vi.useRealTimers();
  database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('mcp-health.sweeper')];
});

describe('the sweeper', () => {
  it('purges at start and every hour, and starting it twice starts one timer', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-health-sweep-'));
    database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
    const deps = { database: async () => database! };
    const t0 = Date.now();
    const old = await saveReport(sampleReport(), { ...deps, now: () => new Date(t0 - REPORT_TTL_MS - 1) });
    const fresh = await saveReport(sampleReport(), { ...deps, now: () => new Date(t0 - REPORT_TTL_MS + SWEEP_INTERVAL_MS / 2) });
    if (!old.ok || !fresh.ok) throw new Error('save failed');
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const setInterval = vi.spyOn(globalThis, 'setInterval');

    let clock = t0;
    startSweeper({ ...deps, now: () => new Date(clock) });
    startSweeper({ ...deps, now: () => new Date(clock) });
    expect(setInterval).toHaveBeenCalledTimes(1);
    await vi.waitFor(async () => expect(await emptied()).toBe(1));
    expect((await getReport(fresh.id, { ...deps, now: () => new Date(clock) })).status).toBe('found');

    // One interval later the second report has expired too and the timer empties it.
    clock = t0 + SWEEP_INTERVAL_MS;
    const tick = setInterval.mock.calls[0]![0] as () => void;
    tick();
    await vi.waitFor(async () => expect(await emptied()).toBe(2));
    clearInterval((globalThis as Record<symbol, NodeJS.Timeout>)[Symbol.for('mcp-health.sweeper')]);
  });
});
