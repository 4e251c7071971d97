import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { runOutcome } from '@/lib/monitor/outcome';
import { databaseConfig, openDatabase, type Database } from './client';
import { authorizeManage, createMonitor, getRunReport, listRuns, purgeMonitorRuns, RUN_REPORT_TTL_MS, RUN_SUMMARY_TTL_MS } from './monitors';
import { claimDue, completeRun, EXPIRE_AFTER_MS, expireUnmanaged, nextSlot } from './scheduler';
import { monitors } from './schema';

let dir: string;
let a: Database;
let b: Database;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'monitors-'));
  // Two clients on one file, as two instances of the app would have.
  a = await openDatabase(databaseConfig({ DATA_DIR: dir }));
  b = await openDatabase(databaseConfig({ DATA_DIR: dir }));
});
afterEach(async () => {
  a.close();
  b.close();
  await rm(dir, { recursive: true, force: true });
});

const on = (d: Database) => ({ database: async () => d });

async function makeDue(n: number, now: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const made = await createMonitor({ url: `https://mcp${i}.example/mcp`, intervalS: 60, clientKey: `c${i}`, maxPerClient: 5 }, on(a));
    if (!made.ok) throw new Error(made.message);
    await a.db.update(monitors).set({ nextRunAt: now - 1 }).where(eq(monitors.id, made.monitor.id));
    ids.push(made.monitor.id);
  }
  return ids;
}

describe('claiming due monitors', () => {
  it('two instances claiming at once never get the same monitor', async () => {
    const now = Date.now();
    const ids = await makeDue(6, now);
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claimDue(i % 2 ? 'A' : 'B', now, 60_000, on(i % 2 ? a : b))));
    const got = claims.flatMap((c) => (c ? [c.id] : []));
    expect(got.sort()).toEqual([...ids].sort());
    expect(await claimDue('C', now, 60_000, on(a))).toBeUndefined();
  });

  it('an expired lease is taken over, and the first holder can no longer record its run', async () => {
    const now = Date.now();
    const [id] = await makeDue(1, now);
    const first = (await claimDue('A', now, 1_000, on(a)))!;
    expect(await claimDue('B', now + 999, 1_000, on(b))).toBeUndefined();
    const second = (await claimDue('B', now + 1_000, 1_000, on(b)))!;
    expect(second.id).toBe(id);
    const report = sampleReport();
    expect(await completeRun(first, report, runOutcome(first, report, new Date(now + 1_100)), now + 1_100, on(a))).toEqual({ ok: false, reason: 'lease-lost' });
    const done = await completeRun(second, report, runOutcome(second, report, new Date(now + 1_200)), now + 1_200, on(b));
    expect(done.ok).toBe(true);
    const runs = await listRuns(id!, new Date(0), on(a));
    expect(runs.map((r) => r.runner)).toEqual(['B']);
  });

  it('the next slot keeps the monitor on its own phase', () => {
    expect(nextSlot(1_000, 60, 1_500)).toBe(61_000);
    expect(nextSlot(1_000, 60, 200_000)).toBe(241_000);
  });

  it('after its first run, a monitor moves to a phase of its own: monitors created together do not stay bunched', () => {
    // Five monitors created in the same second, 15-minute interval, first runs a second apart.
    const step = 900_000;
    const firsts = [0, 1, 2, 3, 4].map((i) => 1_000 + i * 1_000);
    const random = [0.1, 0.3, 0.5, 0.7, 0.9];
    const seconds = firsts.map((t, i) => nextSlot(t, 900, t + 500, true, () => random[i]!));
    for (const [i, t] of seconds.entries()) {
      expect(t - firsts[i]!).toBeGreaterThanOrEqual(step); // never sooner than one interval
      expect(t - firsts[i]!).toBeLessThan(2 * step);
    }
    // Spread across the interval: the phases differ by minutes, not by the one second they started apart.
    const phases = seconds.map((t) => t % step).sort((x, y) => x - y);
    expect(phases.at(-1)! - phases[0]!).toBeGreaterThan(step / 2);
    // And then it keeps that phase.
    expect(nextSlot(seconds[0]!, 900, seconds[0]! + 10)).toBe(seconds[0]! + step);
  });

  it('the manage token is checked and only its hash is stored', async () => {
    const made = await createMonitor({ url: 'https://x.example/mcp', intervalS: 60, clientKey: 'k', maxPerClient: 1 }, on(a));
    if (!made.ok) throw new Error(made.message);
    expect((await authorizeManage(made.monitor.id, 'wrong', on(a))).status).toBe('forbidden');
    expect((await authorizeManage(made.monitor.id, undefined, on(a))).status).toBe('forbidden');
    expect((await authorizeManage(made.monitor.id, made.manageToken, on(a))).status).toBe('ok');
    const raw = await a.client.execute('select * from monitors');
    expect(JSON.stringify(raw.rows)).not.toContain(made.manageToken);
    const again = await createMonitor({ url: 'https://y.example/mcp', intervalS: 60, clientKey: 'k', maxPerClient: 1 }, on(a));
    expect(again).toMatchObject({ ok: false, reason: 'limit' });
  });
});

describe('monitors nobody manages', () => {
  it('expire after 90 days without a manage visit, stop being claimed, say why, and come back paused when the manage link is opened', async () => {
    const t0 = Date.now();
    const made = await createMonitor({ url: 'https://mcp.example/mcp', intervalS: 60, clientKey: 'c', maxPerClient: 5 }, { ...on(a), now: () => new Date(t0) });
    if (!made.ok) throw new Error(made.message);
    const id = made.monitor.id;
    // One day short of 90: still active.
    expect(await expireUnmanaged(t0 + EXPIRE_AFTER_MS - 86_400_000, on(a))).toBe(0);
    const later = t0 + EXPIRE_AFTER_MS + 1;
    expect(await expireUnmanaged(later, on(a))).toBe(1);
    const row = (await a.db.select().from(monitors).where(eq(monitors.id, id)))[0]!;
    expect(row.state).toBe('expired');
    expect(row.stateNote).toMatch(/nobody opened the manage link for 90 days/);
    await a.db.update(monitors).set({ nextRunAt: later - 1 }).where(eq(monitors.id, id));
    expect(await claimDue('A', later, 60_000, on(a))).toBeUndefined();
    // The wrong token changes nothing; the right one revives it, paused, with a fresh 90 days.
    expect((await authorizeManage(id, 'not-the-token', { ...on(a), now: () => new Date(later) })).status).toBe('forbidden');
    const ok = await authorizeManage(id, made.manageToken, { ...on(a), now: () => new Date(later) });
    expect(ok.status === 'ok' && ok.monitor.state).toBe('paused');
    expect(await expireUnmanaged(later + EXPIRE_AFTER_MS - 1, on(a))).toBe(0);
  });
});

describe('run retention', () => {
  it('keeps each run\'s report 30 days, then only its summary, and drops the summary after its own limit', async () => {
    const t0 = Date.now();
    const [id] = await makeDue(1, t0);
    const claim = (await claimDue('A', t0, 60_000, on(a)))!;
    const report = sampleReport();
    const done = await completeRun(claim, report, runOutcome(claim, report, new Date(t0)), t0, on(a));
    if (!done.ok) throw new Error('run not recorded');
    const runs = async () => listRuns(id!, new Date(0), on(a));
    const [run] = await runs();
    expect(run).toMatchObject({ hasReport: true, verdict: report.verdict });
    expect((await getRunReport(id!, run!.id, on(a)))?.report.url).toBe(report.url);

    // One day short of 30: the report is still one click away.
    await purgeMonitorRuns({ ...on(a), now: () => new Date(t0 + RUN_REPORT_TTL_MS - 86_400_000) });
    expect((await runs())[0]?.hasReport).toBe(true);
    // Past 30 days: the summary stays for the timeline and uptime, the report is gone.
    await purgeMonitorRuns({ ...on(a), now: () => new Date(t0 + RUN_REPORT_TTL_MS + 1) });
    expect(await runs()).toEqual([expect.objectContaining({ id: run!.id, hasReport: false, summary: run!.summary, verdict: run!.verdict })]);
    expect(await getRunReport(id!, run!.id, on(a))).toBeUndefined();
    // Past the summary's own limit: nothing is left of the run.
    await purgeMonitorRuns({ ...on(a), now: () => new Date(t0 + RUN_SUMMARY_TTL_MS + 1) });
    expect(await runs()).toEqual([]);
  });
});
