// Part 2: many checks at once against one legacy peer (sessions, D = 50 ms), measured in the
// checker's own process: wall time per check, event-loop delay, resident memory and CPU. The same
// burst is then sent with bare HTTP requests (the check's request pattern, no engine) to show what
// the machine itself allows. The burst's targets are the web app's: its checks run in worker
// threads (lib/pool), so the burst is measured that way, with the one-thread burst beside it.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheck } from '@/lib/check';
import { appPolicy } from '@/lib/deps';
import { createCheckPool } from '@/lib/pool/pool';
import type { Report } from '@/lib/report/schema';
import { testDeps } from '../integration/deps';
import { startChild } from './child';
import { median, mib, ms, percentile, ratio, rssSampler } from './stats';
import type { PartResult, Row } from './types';

const D = 50;
const CONCURRENT = 200;
const LONE_RUNS = 10;
/**
 * Sequential runs for CPU per check: pairs of a check block and a bare block, side by side in time
 * (which goes first alternates), so whatever else the machine does hits both halves of a pair
 * alike. The figure is the median of the pairs' ratios: on this VM one block's CPU time moves by
 * ±30 % from one block to the next (round four), and the ratio of two medians taken at different
 * moments carried that noise into the figure.
 */
const CPU_PAIRS = 12;
const CPU_BLOCK_RUNS = 15;
/** A legacy check with sessions: discover + modern tools/list + initialize + OPTIONS, then compat initialize + initialized, then compat DELETE + ping + GET + tools/list, then DELETE. */
const WAVES = [4, 2, 4, 1];

interface Burst<T> {
  results: Array<{ wall: number; value: T }>;
  totalMs: number;
  eldMaxMs: number;
  eldP99Ms: number;
  cpuMsPerRun: number;
  peakRss: number;
}

/** Start `n` runs, each in its own macrotask as requests to the app arrive, and measure them. */
async function burst<T>(n: number, run: () => Promise<T>): Promise<Burst<T>> {
  const rss = rssSampler(5);
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<{ wall: number; value: T }>((resolve, reject) => {
          setImmediate(() => {
            const t = performance.now();
            run().then((value) => resolve({ wall: performance.now() - t, value }), reject);
          });
        }),
    ),
  );
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  eld.disable();
  return { results, totalMs, eldMaxMs: eld.max / 1e6, eldP99Ms: eld.percentile(99) / 1e6, cpuMsPerRun: (cpu.user + cpu.system) / 1000 / n, peakRss: rss.stop() };
}

async function lone(run: () => Promise<unknown>): Promise<number> {
  const walls: number[] = [];
  for (let i = 0; i < LONE_RUNS; i++) {
    const t = performance.now();
    await run();
    walls.push(performance.now() - t);
  }
  return median(walls);
}

export async function runLoad(): Promise<PartResult> {
  const fixtures = await startChild<string[]>('e2e/bench/delay-fixtures.ts', [JSON.stringify([{ kind: 'legacy', delayMs: D }])]);
  const url = fixtures.ready[0]!;
  const deps = testDeps();
  // Without the conformance probes: the 11 requests the bare reference sends too (the probes are
  // 7 more requests beside them, on by default in the app).
  const check = () => runCheck({ url, probes: false }, deps);
  // The same check as the web app runs it: in its check workers (app/check-pool.ts), with the
  // address policy as the only dep (a test's connect guard is code and cannot cross a thread).
  const pool = createCheckPool({ entry: path.join(fileURLToPath(new URL('../../', import.meta.url)), 'bin', 'check-worker.mjs') });
  const pooledDeps = { outboundOptions: { policy: appPolicy({ allowPrivate: true }) } };
  const pooled = () => pool.run({ url, probes: false }, pooledDeps);
  // The same requests as a check, on a fresh connection pool, with no engine around them.
  const bare = async () => {
    const agent = new Agent({ connections: 8 });
    const one = async () => {
      const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
      await res.body.text();
    };
    for (const w of WAVES) await Promise.all(Array.from({ length: w }, one));
    await agent.close();
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    // A server process is warm: JIT, zod's compiled parsers, undici's pools. Cold, the first burst
    // costs about twice the CPU per check.
    for (let i = 0; i < 5; i++) await check();
    for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: 50 }, check));
    for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: 50 }, bare));
    await pool.warm();
    for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: 50 }, pooled));

    // CPU per check against CPU per bare run, sequentially (no contention between runs).
    const cpuOf = async (run: () => Promise<unknown>) => {
      const c0 = process.cpuUsage();
      for (let i = 0; i < CPU_BLOCK_RUNS; i++) await run();
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000 / CPU_BLOCK_RUNS;
    };
    const seqCheck: number[] = [];
    const seqBare: number[] = [];
    for (let i = 0; i < CPU_PAIRS; i++) {
      if (i % 2 === 0) {
        seqCheck.push(await cpuOf(check));
        seqBare.push(await cpuOf(bare));
      } else {
        seqBare.push(await cpuOf(bare));
        seqCheck.push(await cpuOf(check));
      }
    }
    const cpuCheck = median(seqCheck);
    const cpuBare = median(seqBare);
    const pairRatios = seqCheck.map((c, i) => c / seqBare[i]!);
    const cpuRatio = median(pairRatios);

    const loneCheck = await lone(check);
    const rssBefore = process.memoryUsage.rss();
    const b = await burst<Report>(CONCURRENT, check);
    const walls = b.results.map((r) => r.wall);
    const healthy = b.results.filter((r) => r.value.verdict === 'healthy').length;
    const stats = JSON.parse(await fixtures.ask('STATS', 'STATS')) as Array<{ openSessions: number }>;

    const lonePooled = await lone(pooled);
    const pb = await burst<Report>(CONCURRENT, pooled);
    const pooledWalls = pb.results.map((r) => r.wall);
    const pooledHealthy = pb.results.filter((r) => r.value.verdict === 'healthy').length;
    const pooledP95 = percentile(pooledWalls, 95);

    const loneBare = await lone(bare);
    const ref = await burst(CONCURRENT, bare);
    const refWalls = ref.results.map((r) => r.wall);

    const p95 = percentile(walls, 95);
    notes.push(
      `Lone check (median of ${LONE_RUNS}): ${ms(loneCheck)} = ${ratio(loneCheck / D)} D (4 sequential round trips: initialize; compat initialize + initialized; ping + tools/list + GET + compat DELETE; DELETE). 11 requests per check.`,
      `${CONCURRENT} concurrent checks: ${healthy}/${CONCURRENT} healthy, sessions left open on the fixture: ${stats[0]?.openSessions ?? '?'}; total ${ms(b.totalMs)}; p50 ${ms(median(walls))}, p95 ${ms(p95)}, max ${ms(Math.max(...walls))}; event-loop delay p99 ${ms(b.eldP99Ms)}, max ${ms(b.eldMaxMs)}; RSS before ${mib(rssBefore)}, peak ${mib(b.peakRss)}; checker CPU ${b.cpuMsPerRun.toFixed(2)} ms per check, ${ms(b.cpuMsPerRun * CONCURRENT)} for the burst.`,
      `The same ${CONCURRENT} in the app's ${pool.size} check worker threads (as the web app runs them, app/check-pool.ts), this thread only starting them and hearing the reports: ${pooledHealthy}/${CONCURRENT} healthy; lone check ${ms(lonePooled)}; total ${ms(pb.totalMs)}; p50 ${ms(median(pooledWalls))}, p95 ${ms(pooledP95)}, max ${ms(Math.max(...pooledWalls))}; this thread's event-loop delay p99 ${ms(pb.eldP99Ms)}, max ${ms(pb.eldMaxMs)}; CPU of all threads ${pb.cpuMsPerRun.toFixed(2)} ms per check.`,
      `Reference, the same ${CONCURRENT} with bare HTTP (the same 11 requests in its 4 waves, undici, no engine): lone ${ms(loneBare)}; total ${ms(ref.totalMs)}; p95 ${ms(percentile(refWalls, 95))} = ${ratio(percentile(refWalls, 95) / loneBare)} lone; event-loop delay max ${ms(ref.eldMaxMs)}; CPU ${ref.cpuMsPerRun.toFixed(2)} ms per run.`,
    );
    notes.push(
      `CPU per check, one at a time (${CPU_PAIRS} pairs of a check block and a bare block of ${CPU_BLOCK_RUNS} runs each, side by side, which goes first alternating): median of the pairs' ratios ${ratio(cpuRatio)} (pairs ${ratio(Math.min(...pairRatios))}–${ratio(Math.max(...pairRatios))}); median check block ${cpuCheck.toFixed(2)} ms, median bare block (the same 11 requests) ${cpuBare.toFixed(2)} ms, whose ratio is ${ratio(cpuCheck / cpuBare)} (blocks: check ${seqCheck.map((v) => v.toFixed(1)).join(', ')}; bare ${seqBare.map((v) => v.toFixed(1)).join(', ')}).`,
    );
    rows.push(
      { part: 2, figure: 'CPU per check ÷ bare HTTP, same 11 requests (sequential): median of paired blocks', target: '≤ 1.50', measured: `${ratio(cpuRatio)} (pairs ${ratio(Math.min(...pairRatios))}–${ratio(Math.max(...pairRatios))}; medians ${cpuCheck.toFixed(2)} ms ÷ ${cpuBare.toFixed(2)} ms = ${ratio(cpuCheck / cpuBare)})`, pass: cpuRatio <= 1.5 },
      { part: 2, figure: `${CONCURRENT} concurrent checks in the app's ${pool.size} check workers, legacy peer with sessions (D=${D} ms): total time`, target: '—', measured: ms(pb.totalMs) },
      { part: 2, figure: '  p50 check wall time', target: '—', measured: `${ms(median(pooledWalls))} (lone check ${ms(lonePooled)})` },
      { part: 2, figure: '  p95 check wall time ÷ lone check', target: '≤ 2.50', measured: `${ms(pooledP95)} = ${ratio(pooledP95 / lonePooled)}`, pass: pooledHealthy === CONCURRENT && pooledP95 / lonePooled <= 2.5 },
      { part: 2, figure: '  worst event-loop delay of the thread that serves pages', target: '≤ 100 ms', measured: `${ms(pb.eldMaxMs)} (p99 ${ms(pb.eldP99Ms)})`, pass: pb.eldMaxMs <= 100 },
      { part: 2, figure: '  peak RSS (checker process, workers included)', target: '≤ 400 MB', measured: mib(pb.peakRss), pass: pb.peakRss <= 400 * 1024 * 1024 },
      { part: 2, figure: '  CPU per check, all threads', target: '—', measured: `${pb.cpuMsPerRun.toFixed(2)} ms` },
      { part: 2, figure: `  reference: the same ${CONCURRENT} on one thread (no workers): p95 ÷ lone`, target: '—', measured: `${ms(p95)} = ${ratio(p95 / loneCheck)}; event-loop delay max ${ms(b.eldMaxMs)}; peak RSS ${mib(b.peakRss)}` },
      { part: 2, figure: '    CPU per check (one thread)', target: '—', measured: `${b.cpuMsPerRun.toFixed(2)} ms (bare HTTP, same requests: ${ref.cpuMsPerRun.toFixed(2)} ms)` },
      { part: 2, figure: '  reference: bare HTTP burst p95 ÷ its lone run', target: '—', measured: `${ms(percentile(refWalls, 95))} = ${ratio(percentile(refWalls, 95) / loneBare)}` },
    );
  } finally {
    await pool.close();
    await fixtures.stop();
  }
  return { rows, notes };
}
