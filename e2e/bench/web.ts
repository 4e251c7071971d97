// Part 4: the web app, built. `next build`, then `next start` on 127.0.0.1:3400 with a fresh
// database holding one shared report; time to first byte of `/` and of `/r/{id}` over 500 requests
// at concurrency 20, and the first-load JavaScript of both pages (the <script src> chunks the HTML
// loads, gzipped here at level 9).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { databaseConfig, openDatabase } from '@/db/client';
import { saveReport } from '@/db/store';
import { runCheck } from '@/lib/check';
import { testDeps } from '../integration/deps';
import { startChild } from './child';
import { startDelayServer } from './delay-fixtures';
import { median, ms, percentile, ratio, sleep } from './stats';
import type { PartResult, Row } from './types';

const PORT = 3400;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const REQUESTS = 500;
const CONCURRENCY = 20;
const BUILD_TIMEOUT_MS = 8 * 60_000;
/** Checks in the burst that a page is read beside, and the delay of the server they check. */
const BURST = 200;
const BURST_D = 50;
const QUIET_READS = 40;
/**
 * What Chromium sends when it loads a page as a document. The shared page is kept and served
 * without rendering only to such loads (proxy.ts), and compressing the HTML costs the server CPU on
 * every response, as it does for every real reader.
 */
const DOCUMENT_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
};

interface BurstReads {
  quiet: number[];
  during: number[];
  healthy: number;
  statuses: Record<number, number>;
  burstMs: number;
}

/**
 * One reader requests `pathname` one request at a time: first alone, then while ${BURST} checks
 * (POST /api/check, JSON) run at once; TTFB of each read. The checks go over connections of their
 * own, so the reader never waits behind them in a connection pool.
 */
async function readsDuringBurst(pathname: string, target: string): Promise<BurstReads> {
  const reader = new Agent({ connections: 1 });
  const checks = new Agent({ connections: BURST });
  const read = async () => {
    const t = performance.now();
    const res = await request(`${ORIGIN}${pathname}`, { dispatcher: reader, headers: DOCUMENT_HEADERS });
    const ttfb = performance.now() - t;
    await res.body.dump();
    return ttfb;
  };
  try {
    const quiet: number[] = [];
    for (let i = 0; i < QUIET_READS; i++) quiet.push(await read());
    const statuses: Record<number, number> = {};
    let healthy = 0;
    let done = false;
    const t0 = performance.now();
    const burst = Promise.all(
      Array.from({ length: BURST }, async () => {
        const res = await request(`${ORIGIN}/api/check`, { method: 'POST', dispatcher: checks, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: target, probes: false }) });
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        const body = (await res.body.json()) as { report?: { verdict?: string } };
        if (body.report?.verdict === 'healthy') healthy++;
      }),
    ).finally(() => (done = true));
    const during: number[] = [];
    while (!done) during.push(await read());
    await burst;
    return { quiet, during, healthy, statuses, burstMs: performance.now() - t0 };
  } finally {
    await Promise.all([reader.close(), checks.close()]);
  }
}
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const nextBin = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Stops `next start` and everything it started (its own process group). */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

interface Ttfb {
  ttfb: number[];
  statuses: Map<number, number>;
  bytes: number;
  /** CPU the server's processes spent on these requests, per request (Linux /proc; NaN elsewhere). */
  cpuMsPerRequest: number;
}

/**
 * CPU time (user + system) of every process in a process group, from /proc/<pid>/stat: the server
 * runs detached in its own group. TTFB on this shared machine moves with other work; the server's
 * own CPU per request does much less.
 */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the name: state, ppid, pgrp, … utime is field 14 and stime 15 of the whole line.
        if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return Number.NaN;
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

async function measure(pathname: string, agent: Agent, n: number, pgid: number): Promise<Ttfb> {
  const out: Ttfb = { ttfb: [], statuses: new Map(), bytes: 0, cpuMsPerRequest: Number.NaN };
  const cpu0 = groupCpuMs(pgid);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const t = performance.now();
      const res = await request(`${ORIGIN}${pathname}`, { dispatcher: agent, headers: DOCUMENT_HEADERS });
      out.ttfb.push(performance.now() - t);
      out.statuses.set(res.statusCode, (out.statuses.get(res.statusCode) ?? 0) + 1);
      // Read first, then add: `out.bytes += await …` reads out.bytes before the await and loses the
      // other readers' additions (rounds 2–3 printed too few bytes per response for that reason).
      const n = (await res.body.arrayBuffer()).byteLength;
      out.bytes += n;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  out.cpuMsPerRequest = (groupCpuMs(pgid) - cpu0) / n;
  return out;
}

/**
 * The JavaScript a first visit loads: every <script src> in the page's HTML, fetched and gzipped.
 * `noModule` scripts (Next's legacy-browser polyfills) are skipped: no current browser loads them.
 */
async function firstLoadJs(pathname: string, agent: Agent): Promise<{ files: number; raw: number; gzip: number }> {
  const html = await (await request(`${ORIGIN}${pathname}`, { dispatcher: agent })).body.text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnomodule\b/i.test(tag));
  const srcs = [...new Set(tags.flatMap((tag) => /\bsrc="([^"]+)"/.exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? []))];
  let raw = 0;
  let gzip = 0;
  for (const src of srcs) {
    const res = await request(new URL(src, ORIGIN), { dispatcher: agent });
    const body = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`${src}: HTTP ${res.statusCode}`);
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: srcs.length, raw, gzip };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function runWeb(): Promise<PartResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  if (!(await portFree(PORT))) throw new Error(`port ${PORT} is in use`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

  let buildNote: string;
  if (process.env.BENCH_SKIP_BUILD === '1') {
    buildNote = 'Build skipped (BENCH_SKIP_BUILD=1): measured the existing .next of this worktree.';
  } else {
    const b0 = performance.now();
    const build = await run(['build'], env, BUILD_TIMEOUT_MS);
    if (build.code !== 0) throw new Error(`next build failed (${build.code}): ${build.out.slice(-1500)}`);
    // Next 16 no longer prints sizes per route; the table only says which routes are dynamic.
    const lines = build.out.split('\n');
    const from = lines.findIndex((l) => l.startsWith('Route ('));
    const table = from >= 0 ? lines.slice(from).filter((l) => l.trim()).join('\n') : '(no route table in the output)';
    buildNote = `\`next build\` took ${((performance.now() - b0) / 1000).toFixed(0)} s. Its route table (Next 16 prints no sizes, hence the measurement above):\n\n\`\`\`\n${table}\n\`\`\``;
  }

  // A fresh database with one shared report, a real check's report (legacy, sessions).
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-health-web-'));
  const fixture = await startDelayServer({ kind: 'legacy', delayMs: 0 });
  const report = await runCheck({ url: fixture.url }, testDeps());
  await fixture.stop();
  const database = await openDatabase(databaseConfig({ DATA_DIR: dir }), { migrations: path.join(repoRoot, 'db', 'migrations') });
  const saved = await saveReport(report, { database: async () => database });
  database.close();
  if (!saved.ok) throw new Error(`seeding the shared report failed: ${saved.message}`);

  const startServer = async (extra: Record<string, string>) => {
    const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(PORT)], {
      cwd: repoRoot,
      env: { ...env, DATA_DIR: dir, RATE_LIMIT: 'off', PORT: String(PORT), ALLOW_PRIVATE_NETWORKS: 'true', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
    server = child;
    const ready = performance.now();
    for (;;) {
      try {
        const res = await request(`${ORIGIN}/`, { dispatcher: agent });
        await res.body.dump();
        if (res.statusCode === 200) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - ready > 60_000) throw new Error(`next start did not answer within 60 s: ${serverLog}`);
      await sleep(250);
    }
    // The check workers load the engine at start (instrumentation.ts); a first check warms the rest.
    const warm = await request(`${ORIGIN}/api/check`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: fixtures.ready[0], probes: false }) });
    await warm.body.dump();
    return child;
  };
  let serverLog = '';
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 10_000 });
  let server: ChildProcess | undefined;
  const fixtures = await startChild<string[]>('e2e/bench/delay-fixtures.ts', [JSON.stringify([{ kind: 'legacy', delayMs: BURST_D }])]);
  try {
    server = await startServer({});
    const shared = `/r/${saved.id}`;
    const pages = [
      { label: '/', path: '/' },
      { label: 'a shared /r/{id}', path: shared },
      // The same page rendered on every request (a query string is never served from the kept copy):
      // what each read cost before proxy.ts kept the page, and what a first read still costs.
      { label: 'the same /r/{id} rendered each time (?fresh=1)', path: `${shared}?fresh=1` },
    ];
    const results = new Map<string, Ttfb>();
    for (const p of pages) {
      await measure(p.path, agent, 100, server.pid!); // warm: compiled routes, the database connection, JIT
      results.set(p.path, await measure(p.path, agent, REQUESTS, server.pid!));
    }
    // A page read during a burst of checks, with the checks in the app's workers and (a second
    // server, CHECK_WORKERS=0) on the thread that serves pages.
    const bursts = [{ label: 'checks in the check workers', b: await readsDuringBurst(shared, fixtures.ready[0]!) }];
    await stopServer(server);
    server = await startServer({ CHECK_WORKERS: '0' });
    await measure(shared, agent, 50, server.pid!);
    bursts.push({ label: 'reference: checks on the thread that serves pages (CHECK_WORKERS=0)', b: await readsDuringBurst(shared, fixtures.ready[0]!) });
    for (const { label, b } of bursts) {
      const ok = b.healthy === BURST;
      rows.push({
        part: 4,
        figure: `${label === bursts[0]!.label ? '' : '  '}TTFB of a shared /r/{id} during ${BURST} POST /api/check, ${label}: p95 ÷ quiet p95`,
        target: '—',
        measured: `${ms(percentile(b.during, 95))} ÷ ${ms(percentile(b.quiet, 95))} = ${ratio(percentile(b.during, 95) / percentile(b.quiet, 95))} (max ${ms(Math.max(...b.during))})`,
      });
      notes.push(
        `A shared /r/{id} read one request at a time by one reader, ${label}: quiet p50 ${ms(median(b.quiet))}, p95 ${ms(percentile(b.quiet, 95))} (${b.quiet.length} reads); during ${BURST} concurrent POST /api/check (legacy with sessions, D = ${BURST_D} ms, no probes; ${b.healthy}/${BURST} healthy${ok ? '' : `, statuses ${JSON.stringify(b.statuses)}`}, all done in ${ms(b.burstMs)}) p50 ${ms(median(b.during))}, p95 ${ms(percentile(b.during, 95))}, max ${ms(Math.max(...b.during))} (${b.during.length} reads).`,
      );
    }
    // Next's own 404 page (a path no route matches): the root layout and Next's runtime, nothing of
    // ours beyond the layout. Rounds two and three used /r/{unknown id} instead, which Next then
    // answered with a bare error shell without the layout (notFound() thrown from the page), so that
    // floor was below every page's; it now renders its not-found view like any page.
    const js = {
      home: await firstLoadJs('/', agent),
      shared: await firstLoadJs(shared, agent),
      floor: await firstLoadJs('/bench-no-such-page', agent),
      errorShell: await firstLoadJs('/r/AAAAAAAAAAAAAAAAAAAAA', agent),
    };

    for (const p of pages) {
      const r = results.get(p.path)!;
      const ok = [...r.statuses].every(([s]) => s === 200);
      const p95 = percentile(r.ttfb, 95);
      rows.push({
        part: 4,
        figure: `TTFB of ${p.label} (${REQUESTS} requests, concurrency ${CONCURRENCY}): p50 / p95`,
        target: p.path === shared ? 'p95 ≤ 100 ms' : '—',
        measured: `${ms(median(r.ttfb))} / ${ms(p95)}${ok ? '' : ` (statuses ${JSON.stringify(Object.fromEntries(r.statuses))})`}`,
        ...(p.path === shared ? { pass: ok && p95 <= 100 } : {}),
      });
      rows.push({ part: 4, figure: `  server CPU per request of ${p.label}`, target: '—', measured: ms(r.cpuMsPerRequest) });
      notes.push(`${p.label}: ${JSON.stringify(Object.fromEntries(r.statuses))} statuses, ${kb(r.bytes / REQUESTS)} on the wire per response (gzip, as Chromium asks), TTFB max ${ms(Math.max(...r.ttfb))}, server CPU ${ms(r.cpuMsPerRequest)} per request.`);
    }
    rows.push(
      { part: 4, figure: 'First-load JS of /, gzip', target: '—', measured: `${kb(js.home.gzip)} (${js.home.files} files, ${kb(js.home.raw)} raw)` },
      {
        part: 4,
        figure: 'First-load JS of /r/[id], gzip, ÷ the 404 page',
        target: '≤ 1.05',
        measured: `${kb(js.shared.gzip)} (${js.shared.files} files, ${kb(js.shared.raw)} raw) = ${(js.shared.gzip / js.floor.gzip).toFixed(3)}×`,
        pass: js.shared.gzip <= 1.05 * js.floor.gzip,
      },
      { part: 4, figure: "  reference: Next's 404 page (root layout + Next runtime only)", target: '—', measured: `${kb(js.floor.gzip)} (${js.floor.files} files)` },
      { part: 4, figure: '  reference: /r/{unknown id}, its not-found view (in rounds 2–3 a layout-less error shell, 128.3 KB: their floor)', target: '—', measured: `${kb(js.errorShell.gzip)} (${js.errorShell.files} files); /r/[id] ÷ this = ${(js.shared.gzip / js.errorShell.gzip).toFixed(3)}×` },
    );
    notes.push(
      `\`next start -H 127.0.0.1 -p ${PORT}\` (production build, rate limits off, a fresh database). Requests over ${CONCURRENCY} keep-alive connections after 100 warm-up requests per page, each with the headers Chromium sends for a document load (Accept text/html, Accept-Encoding gzip/br, Sec-Fetch-Dest document); TTFB is the time until the response headers arrived.`,
      'First-load JS: every `<script src>` in the page HTML except the `noModule` polyfills, fetched from the running server and gzipped at level 9 (what `next build` used to print as "First Load JS"; the inline RSC payload is not counted).',
      buildNote,
    );
  } finally {
    await agent.close();
    if (server) await stopServer(server);
    await fixtures.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}
