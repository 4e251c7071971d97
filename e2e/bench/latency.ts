// Part 1: how close one check gets to the network's limit. Each fixture adds D to every response, so
// a check that waits for k round trips one after another cannot finish before k×D.
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { runCheck } from '@/lib/check';
import type { Report } from '@/lib/report/schema';
import { testDeps } from '../integration/deps';
import { startChild } from './child';
import { runProbesCost } from './probes-cost';
import type { DelayKind, DelaySpec } from './delay-fixtures';
import { median, ms, percentile, ratio } from './stats';
import type { PartResult, Row } from './types';

const D = 100;
const RUNS = 15;
const WARMUP = 3;
const TARGET = 1.1;

interface KindPlan {
  kind: DelayKind;
  label: string;
  /** Sequential round trips in the issue's floor. */
  issueFloor: number;
  /** …plus the DELETE that ends a session, when the server issues one. */
  sessionFloor?: number;
}

const PLAN: KindPlan[] = [
  { kind: 'modern', label: 'modern-only', issueFloor: 1 },
  { kind: 'legacy-stateless', label: 'legacy-only, no sessions', issueFloor: 3 },
  { kind: 'legacy', label: 'legacy-only, sessions', issueFloor: 3, sessionFloor: 4 },
  { kind: 'dual-stateless', label: 'dual-era, no legacy sessions', issueFloor: 1 },
  { kind: 'dual', label: 'dual-era, legacy sessions', issueFloor: 1, sessionFloor: 2 },
];

/** One bare POST on a fresh connection: what this machine adds to D without any engine. */
async function bareRoundTrip(url: string): Promise<number> {
  const agent = new Agent();
  const t = performance.now();
  const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}' });
  await res.body.text();
  const took = performance.now() - t;
  await agent.close();
  return took;
}

function timeline(r: Report): string {
  const u = (v: number) => (v / D).toFixed(2);
  return r.steps.map((s) => `${s.name} [${u(s.startMs)}–${u(s.startMs + s.latencyMs)}]`).join(', ');
}

export async function runLatency(): Promise<PartResult> {
  const fixtures = await startChild<string[]>('e2e/bench/delay-fixtures.ts', [JSON.stringify(PLAN.map((p): DelaySpec => ({ kind: p.kind, delayMs: D })))]);
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const deps = testDeps();
    const urls = fixtures.ready;
    for (let i = 0; i < WARMUP; i++) for (const url of urls) await runCheck({ url }, deps);
    const walls: number[][] = PLAN.map(() => []);
    const reports: Report[][] = PLAN.map(() => []);
    // When the engine knew the verdict (onVerdict, what the page's stream sends at once), per kind.
    const verdicts: number[][] = PLAN.map(() => []);
    const bare: number[] = [];
    // Round-robin, so the machine's noise (other processes) falls on every kind alike.
    for (let run = 0; run < RUNS; run++) {
      for (const [i, url] of urls.entries()) {
        const t = performance.now();
        let known = Number.NaN;
        const report = await runCheck({ url }, { ...deps, onVerdict: () => (known = performance.now() - t) });
        walls[i]!.push(performance.now() - t);
        verdicts[i]!.push(known);
        reports[i]!.push(report);
      }
      bare.push(await bareRoundTrip(urls[0]!));
    }
    const stats = JSON.parse(await fixtures.ask('STATS', 'STATS')) as Array<{ openSessions: number }>;
    const leaked = stats.reduce((n, s) => n + s.openSessions, 0);
    const bareMedian = median(bare);
    notes.push(
      `D = ${D} ms, ${RUNS} checks per kind after ${WARMUP} warm-up rounds, kinds interleaved. A bare POST on a fresh connection to the same fixture took median ${ms(bareMedian)}, p95 ${ms(percentile(bare, 95))} (${ratio(bareMedian / D)} D): that much is this machine, not the engine.`,
      `Sessions left open on the fixtures after all checks: ${leaked}.`,
    );
    for (const [i, p] of PLAN.entries()) {
      const w = walls[i]!;
      const m = median(w);
      const healthy = reports[i]!.every((r) => r.verdict === 'healthy');
      const base = `median ${ms(m)} (p95 ${ms(percentile(w, 95))})${healthy ? '' : ', NOT all healthy'}`;
      rows.push({
        part: 1,
        figure: `Check latency, ${p.label}: median wall time ÷ issue floor ${p.issueFloor}×D`,
        target: `≤ ${TARGET.toFixed(2)}`,
        measured: `${base} = ${ratio(m / (p.issueFloor * D))}`,
        pass: healthy && m / (p.issueFloor * D) <= TARGET,
      });
      if (p.sessionFloor) {
        rows.push({
          part: 1,
          figure: `  same ÷ floor with the session's DELETE, ${p.sessionFloor}×D`,
          target: `≤ ${TARGET.toFixed(2)}`,
          measured: ratio(m / (p.sessionFloor * D)),
          pass: healthy && m / (p.sessionFloor * D) <= TARGET,
        });
      }
      const v = median(verdicts[i]!);
      rows.push({
        part: 1,
        figure: `  time to verdict (live steps), median ÷ ${p.issueFloor}×D`,
        target: `≤ ${TARGET.toFixed(2)}`,
        measured: `median ${ms(v)} = ${ratio(v / (p.issueFloor * D))}`,
        pass: healthy && v / (p.issueFloor * D) <= TARGET,
      });
      const sorted = [...reports[i]!].sort((a, b) => a.durationMs - b.durationMs);
      const mid = sorted[Math.floor(sorted.length / 2)]!;
      notes.push(`${p.label}: ${mid.steps.length} requests; median check's steps in units of D: ${timeline(mid)}.`);
    }
  } finally {
    await fixtures.stop();
  }
  const probes = await runProbesCost(D);
  return { rows: [...rows, ...probes.rows], notes: [...notes, ...probes.notes] };
}
