// `npm run bench`: runs each part of the benchmark in a fresh process, prints one table (figure,
// target, measured, pass/fail) and writes it with the machine details into docs/benchmarks.md,
// between the generated-section markers (the analysis around them is written by hand).
//
//   npm run bench                      all parts
//   npm run bench -- --only=latency    some parts (latency, load, hostile, web, storage)
//   npm run bench -- --no-write        print only
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { PartResult, Row } from './types';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DOC = `${repoRoot}docs/benchmarks.md`;
const BEGIN = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';
/** Each part gets at most this long; a part that hangs is killed and reported as not run. */
const PART_TIMEOUT_MS = 10 * 60_000;
/** Wait at most this long for the machine to calm down before a part (other work shares it). */
const QUIET_WAIT_MS = Number(process.env.BENCH_QUIET_WAIT_S ?? 60) * 1000;
const QUIET_LOAD = os.cpus().length * 0.5;

interface Part {
  name: string;
  title: string;
  /** Why it cannot run yet, if so. */
  blocked?: () => string | undefined;
}

const needs = (paths: string[]) => () => {
  const missing = paths.filter((p) => !existsSync(`${repoRoot}${p}`));
  return missing.length ? `needs ${missing.join(', ')} (not merged yet)` : undefined;
};

const PARTS: Part[] = [
  { name: 'latency', title: '1. Check latency vs the limit' },
  { name: 'load', title: '2. Many checks at once' },
  { name: 'hostile', title: '3. Hostile load', blocked: needs(['e2e/fixtures/hostile.ts', 'e2e/bench/hostile.ts']) },
  { name: 'web', title: '4. The web app, built', blocked: needs(['db/store.ts', 'e2e/bench/web.ts']) },
  { name: 'storage', title: '5. Storage', blocked: needs(['db/store.ts', 'e2e/bench/storage.ts']) },
];

const PENDING_ROWS: Record<string, Row[]> = {
  hostile: [
    { part: 3, figure: '20 hostile + 20 normal checks: normal p95 ÷ quiet p95', target: '≤ 1.50', measured: '' },
    { part: 3, figure: '  peak RSS', target: 'bounded', measured: '' },
  ],
  web: [
    { part: 4, figure: 'TTFB of / (500 requests, concurrency 20): p50 / p95', target: '—', measured: '' },
    { part: 4, figure: 'TTFB of a shared /r/{id}: p50 / p95', target: 'p95 ≤ 50 ms', measured: '' },
    { part: 4, figure: 'First-load JS of /, gzip', target: '—', measured: '' },
    { part: 4, figure: 'First-load JS of /r/[id], gzip', target: '≤ 130 KB', measured: '' },
  ],
  storage: [
    { part: 5, figure: 'Read by id after 100 000 inserts: p50 / p95', target: 'p95 ≤ 2 ms', measured: '' },
    { part: 5, figure: 'Purge 100 000 expired rows', target: '≤ 2 s', measured: '' },
  ],
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitForQuiet(): Promise<string> {
  const start = Date.now();
  while (os.loadavg()[0]! > QUIET_LOAD && Date.now() - start < QUIET_WAIT_MS) await sleep(2_000);
  const load = os.loadavg()[0]!;
  return `load ${load.toFixed(1)}${load > QUIET_LOAD ? ` (busy: other work on the machine; waited ${Math.round((Date.now() - start) / 1000)} s)` : ''}`;
}

function runPart(name: string): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/bench/part.ts', name], {
      cwd: repoRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PART_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as PartResult);
      else reject(new Error(`part ${name} exited with ${code}`));
    });
  });
}

function machine(): string[] {
  const cpus = os.cpus();
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  const dirty = sh('git', ['status', '--porcelain', '--', 'lib', 'app', 'db', 'e2e']) ? ' (with uncommitted changes)' : '';
  return [
    `- Date: ${new Date().toISOString()}; commit ${sh('git', ['rev-parse', '--short', 'HEAD'])}${dirty}`,
    `- CPU: ${cpus.length} × ${cpus[0]?.model ?? '?'}; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `- Node ${process.version}; \`uname -a\`: ${sh('uname', ['-a'])}`,
  ];
}

function table(rows: Row[]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| # | figure | target | measured | result |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const result = r.notRun ? 'not run' : r.pass === undefined ? '—' : r.pass ? 'pass' : '**fail**';
    lines.push(`| ${r.part} | ${cell(r.figure)} | ${cell(r.target)} | ${cell(r.notRun ? `not run: ${r.notRun}` : r.measured)} | ${result} |`);
  }
  return lines;
}

function printTable(rows: Row[]): void {
  const result = (r: Row) => (r.notRun ? 'not run' : r.pass === undefined ? '—' : r.pass ? 'pass' : 'FAIL');
  const cols = [rows.map((r) => r.figure), rows.map((r) => r.target), rows.map((r) => (r.notRun ? `(${r.notRun})` : r.measured)), rows.map(result)];
  const w = cols.map((c, i) => Math.min(i === 2 ? 70 : 80, Math.max(...c.map((s) => s.length), 6)));
  const row = (vals: string[]) => vals.map((v, i) => v.padEnd(w[i]!)).join('  ');
  console.log(row(['figure', 'target', 'measured', 'result']));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (let i = 0; i < rows.length; i++) console.log(row(cols.map((c) => c[i]!)));
}

async function main(): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const write = !process.argv.includes('--no-write');
  const rows: Row[] = [];
  const sections: string[] = [];
  for (const part of PARTS) {
    if (only && !only.includes(part.name)) continue;
    const blocked = part.blocked?.();
    if (blocked) {
      console.log(`\n== ${part.title}: not run (${blocked})`);
      rows.push(...(PENDING_ROWS[part.name] ?? []).map((r) => ({ ...r, notRun: blocked })));
      sections.push(`### ${part.title}`, '', `Not run: ${blocked}.`, '');
      continue;
    }
    const before = await waitForQuiet();
    console.log(`\n== ${part.title} (${before})`);
    try {
      const result = await runPart(part.name);
      const after = os.loadavg()[0]!.toFixed(1);
      rows.push(...result.rows);
      for (const n of result.notes) console.log(`   ${n}`);
      sections.push(`### ${part.title}`, '', `Machine: ${before} before the part, load ${after} after it (1-minute averages).`, '', ...result.notes.map((n) => `- ${n}`), '');
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      rows.push(...(PENDING_ROWS[part.name] ?? [{ part: 0, figure: part.title, target: '', measured: '' }]).map((r) => ({ ...r, notRun: why })));
      sections.push(`### ${part.title}`, '', `Not run: ${why}.`, '');
    }
  }
  console.log('');
  printTable(rows);
  if (!write) return;
  const generated = [BEGIN, '', '## Latest run', '', ...machine(), '', ...table(rows), '', ...sections, END].join('\n');
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  const next = start >= 0 && end > start ? `${doc.slice(0, start)}${generated}${doc.slice(end + END.length)}` : `${doc.trimEnd()}\n\n${generated}\n`;
  writeFileSync(DOC, next);
  console.log(`\nwrote ${DOC.replace(repoRoot, '')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
