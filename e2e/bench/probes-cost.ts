// Part 1, continued: what the conformance probes cost. They are sent beside the check's own requests
// (lib/mcp/conformance), so they must add no round trip to the time until the verdict. Each fixture
// is checked with probes on and with `probes: false` (--no-probes), interleaved, and the medians of
// the time to verdict (onVerdict) and of the whole check are compared in units of D.
import { performance } from 'node:perf_hooks';
import { runCheck } from '@/lib/check';
import { testDeps } from '../integration/deps';
import { startChild } from './child';
import type { DelayKind, DelaySpec } from './delay-fixtures';
import { median, ms } from './stats';
import type { Row } from './types';

const RUNS = 11;
/** A probe adds a round trip when the verdict moves by D; half of D is far above the machine's noise at D = 100 ms. */
const LIMIT = 0.5;

const CASES: Array<{ kind: DelayKind; rich: boolean; label: string }> = [
  { kind: 'modern', rich: false, label: 'modern-only' },
  { kind: 'modern', rich: true, label: 'modern-only, tools in 2 pages + resources + prompts' },
  { kind: 'legacy', rich: false, label: 'legacy-only, sessions' },
  { kind: 'legacy', rich: true, label: 'legacy-only, sessions, tools in 2 pages + resources + prompts' },
  { kind: 'dual', rich: true, label: 'dual-era, sessions, tools in 2 pages + resources + prompts' },
];

export async function runProbesCost(D: number): Promise<{ rows: Row[]; notes: string[] }> {
  const fixtures = await startChild<string[]>('e2e/bench/delay-fixtures.ts', [JSON.stringify(CASES.map((c): DelaySpec => ({ kind: c.kind, delayMs: D, rich: c.rich })))]);
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const deps = testDeps();
    const urls = fixtures.ready;
    const sample = { on: CASES.map(() => ({ verdict: [] as number[], wall: [] as number[], requests: 0, healthy: true })), off: CASES.map(() => ({ verdict: [] as number[], wall: [] as number[], requests: 0, healthy: true })) };
    for (const url of urls) await Promise.all([runCheck({ url }, deps), runCheck({ url, probes: false }, deps)]);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, url] of urls.entries()) {
        // Alternate which goes first, so drift on the machine falls on both alike.
        const order = run % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
        for (const mode of order) {
          const t = performance.now();
          let known = Number.NaN;
          const report = await runCheck({ url, probes: mode === 'on' }, { ...deps, onVerdict: () => (known = performance.now() - t) });
          const s = sample[mode][i]!;
          s.wall.push(performance.now() - t);
          s.verdict.push(known);
          s.requests = report.steps.length;
          s.healthy &&= report.verdict === 'healthy';
        }
      }
    }
    for (const [i, c] of CASES.entries()) {
      const on = sample.on[i]!;
      const off = sample.off[i]!;
      const dv = (median(on.verdict) - median(off.verdict)) / D;
      const dw = (median(on.wall) - median(off.wall)) / D;
      const healthy = on.healthy && off.healthy;
      rows.push({
        part: 1,
        figure: `Probes' cost to the time to verdict, ${c.label}: median with probes − median with --no-probes, in D`,
        target: `< ${LIMIT.toFixed(2)} D`,
        measured: `${ms(median(on.verdict))} − ${ms(median(off.verdict))} = ${dv.toFixed(2)} D${healthy ? '' : ', NOT all healthy'}`,
        pass: healthy && dv < LIMIT,
      });
      rows.push({
        part: 1,
        figure: `  same for the whole check (the report, probes included)`,
        target: '—',
        measured: `${ms(median(on.wall))} − ${ms(median(off.wall))} = ${dw.toFixed(2)} D (${on.requests} requests vs ${off.requests})`,
      });
    }
    notes.push(
      `Probes on vs --no-probes: D = ${D} ms, ${RUNS} checks of each fixture each way, interleaved (order alternating). "Time to verdict" is when the engine knew the verdict (onVerdict: what the page's live stream and the CLI's progress line show); "whole check" is until the report, which waits for the probes' answers.`,
    );
  } finally {
    await fixtures.stop();
  }
  return { rows, notes };
}
