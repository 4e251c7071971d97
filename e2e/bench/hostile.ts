// Part 3: hostile load. 20 checks against a 100 MB body, an endless SSE stream and a server that
// drips one byte a second run while 20 normal checks run; the normal checks' p95 is compared with
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
const HOSTILE_KINDS = ['huge-json', 'endless-sse', 'drip'] as const;

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

export async function runHostile(): Promise<PartResult> {
  const [delay, hostile] = await Promise.all([
    startChild<string[]>('e2e/bench/delay-fixtures.ts', [JSON.stringify([{ kind: 'legacy', delayMs: D }])]),
    startChild<Array<{ kind: string; url: string }>>('e2e/bench/hostile-host.ts', [JSON.stringify(HOSTILE_KINDS)]),
  ]);
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const normalUrl = delay.ready[0]!;
    const hostileUrls = hostile.ready.map((h) => h.url);
    const deps = testDeps();
    for (let i = 0; i < 3; i++) await normalBurst(normalUrl); // warm

    const quiet: number[] = [];
    const loaded: number[] = [];
    const hostileOutcomes = new Map<string, number>();
    const hostileWalls: number[] = [];
    const rssBefore = process.memoryUsage.rss();
    const rss = rssSampler(5);
    for (let round = 0; round < ROUNDS; round++) {
      quiet.push(...(await normalBurst(normalUrl)));
      const running = Array.from({ length: HOSTILE }, async (_, i) => {
        const kind = HOSTILE_KINDS[i % HOSTILE_KINDS.length]!;
        const t = performance.now();
        const r: Report = await runCheck({ url: hostileUrls[i % hostileUrls.length]! }, deps);
        hostileWalls.push(performance.now() - t);
        const codes = [...new Set(r.steps.flatMap((s) => (s.error ? [s.error.code] : [])))].sort().join('+') || 'none';
        const key = `${kind}: ${r.verdict} (${codes})`;
        hostileOutcomes.set(key, (hostileOutcomes.get(key) ?? 0) + 1);
      });
      // Let the hostile streams get going before the normal checks start.
      await sleep(300);
      loaded.push(...(await normalBurst(normalUrl)));
      await Promise.all(running);
    }
    const peak = rss.stop();
    const stats = JSON.parse(await hostile.ask('STATS', 'STATS')) as Array<{ kind: string; sent: number; connections: number }>;
    const qp95 = percentile(quiet, 95);
    const lp95 = percentile(loaded, 95);
    notes.push(
      `${ROUNDS} rounds; in each, ${NORMAL} normal checks (legacy with sessions, D = ${D} ms) alone, then ${HOSTILE} hostile checks (round-robin over ${HOSTILE_KINDS.join(', ')}, the app's default step budget of 10 s) with the same ${NORMAL} normal checks started 300 ms after them.`,
      `Normal checks, quiet: p50 ${ms(median(quiet))}, p95 ${ms(qp95)}; beside hostile ones: p50 ${ms(median(loaded))}, p95 ${ms(lp95)}.`,
      `Hostile checks: ${[...hostileOutcomes].map(([k, n]) => `${n}× ${k}`).join('; ')}; wall time p50 ${ms(median(hostileWalls))}, max ${ms(Math.max(...hostileWalls))}.`,
      `Bytes the hostile servers managed to send in all: ${stats.map((s) => `${s.kind} ${mib(s.sent)} over ${s.connections} connections`).join(', ')}.`,
      `Checker RSS before ${mib(rssBefore)}, peak ${mib(peak)}.`,
    );
    rows.push(
      { part: 3, figure: `${HOSTILE} hostile + ${NORMAL} normal checks: normal p95 ÷ quiet p95`, target: '≤ 1.50', measured: `${ms(lp95)} ÷ ${ms(qp95)} = ${ratio(lp95 / qp95)}`, pass: lp95 / qp95 <= 1.5 },
      { part: 3, figure: '  peak RSS (checker process)', target: 'bounded (≤ 400 MB)', measured: mib(peak), pass: peak <= 400 * 1024 * 1024 },
    );
  } finally {
    await Promise.all([delay.stop(), hostile.stop()]);
  }
  return { rows, notes };
}
