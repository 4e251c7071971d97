// Part 3: hostile load. 20 checks against a server whose SSE line never ends (issue #13), then 20
// against a gzip-compressed endless line, a 100 MB body, an endless SSE stream and a server that
// drips one byte a second, each time while 20 normal checks run; the normal checks' p95 is compared with
// the same 20 normal checks on a quiet checker, and the checker's peak RSS is recorded.
import { performance } from 'node:perf_hooks';
import { runCheck } from '@/lib/check';
import type { Report } from '@/lib/report/schema';
import { testDeps } from '../integration/deps';
import { startChild } from './child';
import { median, mib, ms, percentile, ratio, rssSampler, sleep } from './stats';
import type { PartResult, Row } from './types';

const D = 50;
const NORMAL = 20;
const HOSTILE = 20;
const ROUNDS = 3;
/** Issue #13's hostile long-line run: every hostile check meets a line that never ends. */
const LONG_LINE = ['long-line-sse'] as const;
const MIXED = ['gzip-sse', 'huge-json', 'endless-sse', 'drip'] as const;
const ALL_KINDS = [...LONG_LINE, ...MIXED] as const;
type Kind = (typeof ALL_KINDS)[number];
/** Checks of one kind run alone (5 at once) to measure the checker's CPU per hostile check. */
const SOLO = 5;

async function normalBurst(url: string): Promise<number[]> {
  const deps = testDeps();
  return Promise.all(
    Array.from({ length: NORMAL }, async () => {
      const t = performance.now();
      const r = await runCheck({ url }, deps);
      if (r.verdict !== 'healthy') throw new Error(`normal check not healthy: ${r.summary}`);
      return performance.now() - t;
    }),
  );
}

interface Scenario {
  name: string;
  kinds: readonly Kind[];
}

interface ScenarioResult {
  quiet: number[];
  loaded: number[];
  outcomes: Map<string, number>;
  walls: number[];
  rssBefore: number;
  peak: number;
}

export async function runHostile(): Promise<PartResult> {
  const [delay, hostile] = await Promise.all([
    startChild<string[]>('e2e/bench/delay-fixtures.ts', [JSON.stringify([{ kind: 'legacy', delayMs: D }])]),
    startChild<Array<{ kind: Kind; url: string }>>('e2e/bench/hostile-host.ts', [JSON.stringify(ALL_KINDS)]),
  ]);
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const normalUrl = delay.ready[0]!;
    const urlOf = new Map(hostile.ready.map((h) => [h.kind, h.url]));
    const deps = testDeps();
    for (let i = 0; i < 3; i++) await normalBurst(normalUrl); // warm

    const hostileCheck = async (kind: Kind, out: Pick<ScenarioResult, 'outcomes' | 'walls'>) => {
      const t = performance.now();
      const r: Report = await runCheck({ url: urlOf.get(kind)! }, deps);
      out.walls.push(performance.now() - t);
      const codes = [...new Set(r.steps.flatMap((s) => (s.error ? [s.error.code] : [])))].sort().join('+') || 'none';
      const key = `${kind}: ${r.verdict} (${codes})`;
      out.outcomes.set(key, (out.outcomes.get(key) ?? 0) + 1);
    };

    // CPU per hostile check: a few checks of each kind alone, nothing else running in this process.
    // After one check of that kind, as a server that has been up a while has met one: measured cold,
    // the figure was the JIT compiling the stream reader as much as the reading (endless-sse: 59 ms
    // on its first five checks, 30–40 ms after, round five).
    const cpuPerKind = new Map<Kind, number>();
    for (const kind of ALL_KINDS) {
      const scratch = { outcomes: new Map<string, number>(), walls: [] as number[] };
      await hostileCheck(kind, scratch);
      const c0 = process.cpuUsage();
      await Promise.all(Array.from({ length: SOLO }, () => hostileCheck(kind, scratch)));
      const c = process.cpuUsage(c0);
      cpuPerKind.set(kind, (c.user + c.system) / 1000 / SOLO);
    }

    const run = async (sc: Scenario): Promise<ScenarioResult> => {
      const res: ScenarioResult = { quiet: [], loaded: [], outcomes: new Map(), walls: [], rssBefore: process.memoryUsage.rss(), peak: 0 };
      const rss = rssSampler(5);
      for (let round = 0; round < ROUNDS; round++) {
        res.quiet.push(...(await normalBurst(normalUrl)));
        const running = Array.from({ length: HOSTILE }, (_, i) => hostileCheck(sc.kinds[i % sc.kinds.length]!, res));
        // Let the hostile streams get going before the normal checks start.
        await sleep(300);
        res.loaded.push(...(await normalBurst(normalUrl)));
        await Promise.all(running);
      }
      res.peak = rss.stop();
      return res;
    };

    const scenarios: Scenario[] = [
      { name: 'long-line', kinds: LONG_LINE },
      { name: 'mixed', kinds: MIXED },
    ];
    notes.push(
      `${ROUNDS} rounds per scenario; in each, ${NORMAL} normal checks (legacy with sessions, D = ${D} ms) alone, then ${HOSTILE} hostile checks (the app's default step budget of 10 s) with the same ${NORMAL} normal checks started 300 ms after them. Scenario "long-line": every hostile check meets a server that sends "data: " and then 2 KB every 2 ms without a line break. Scenario "mixed": round-robin over ${MIXED.join(', ')}.`,
    );
    for (const sc of scenarios) {
      const r = await run(sc);
      const qp95 = percentile(r.quiet, 95);
      const lp95 = percentile(r.loaded, 95);
      notes.push(
        `${sc.name}: normal checks quiet p50 ${ms(median(r.quiet))}, p95 ${ms(qp95)}; beside hostile ones p50 ${ms(median(r.loaded))}, p95 ${ms(lp95)}. Hostile checks: ${[...r.outcomes].map(([k, n]) => `${n}× ${k}`).join('; ')}; wall time p50 ${ms(median(r.walls))}, max ${ms(Math.max(...r.walls))}. Checker RSS before ${mib(r.rssBefore)}, peak ${mib(r.peak)}.`,
      );
      rows.push(
        { part: 3, figure: `${HOSTILE} hostile (${sc.name}) + ${NORMAL} normal checks: normal p95 ÷ quiet p95`, target: '≤ 1.50', measured: `${ms(lp95)} ÷ ${ms(qp95)} = ${ratio(lp95 / qp95)}`, pass: lp95 / qp95 <= 1.5 },
        { part: 3, figure: '  peak RSS (checker process)', target: '≤ 400 MB', measured: mib(r.peak), pass: r.peak <= 400 * 1024 * 1024 },
      );
    }
    const worst = Math.max(...cpuPerKind.values());
    rows.push({
      part: 3,
      figure: 'CPU per hostile check (worst kind)',
      target: '≤ 50 ms',
      measured: `${ms(worst)} (${[...cpuPerKind].map(([k, v]) => `${k} ${ms(v)}`).join(', ')})`,
      pass: worst <= 50,
    });
    const stats = JSON.parse(await hostile.ask('STATS', 'STATS')) as Array<{ kind: string; sent: number; connections: number }>;
    notes.push(
      `CPU per hostile check: ${SOLO} checks of each kind at once with nothing else in the checker process, its CPU time ÷ ${SOLO}: ${[...cpuPerKind].map(([k, v]) => `${k} ${ms(v)}`).join(', ')}.`,
      `Bytes the hostile servers managed to send in all: ${stats.map((s) => `${s.kind} ${mib(s.sent)} over ${s.connections} connections`).join(', ')}.`,
    );
  } finally {
    await Promise.all([delay.stop(), hostile.stop()]);
  }
  return { rows, notes };
}
