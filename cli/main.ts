// The CLI door into the engine: same runCheck, same report, no server. bin/mcp-health.mjs loads
// this file and sets the process exit code from run().
import { readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { runCheck, type KnownVerdict } from '../lib/check';
import { withRegistrationPreview } from '../lib/signin/preview';
import { appPolicy, engineDeps } from '../lib/deps';
import { judgeTarget } from '../lib/net/target';
import type { Report, Step } from '../lib/report/schema';
import { HELP, USAGE, budgetFor, parseCliArgs, type CheckCommand } from './args';
import { toMarkdown } from './markdown';
import { toSarif } from './sarif';
import { EXIT, outcomeFor } from './exit';
import { formatReport, painter, progressLine, wantsColor } from './format';
import { toJUnit } from './junit';
import { runStdioCheck } from '../lib/stdio-check';
import { launchServer } from './stdio-child';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

export function version(): string {
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')));
  return pkg.version;
}

export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr.write(`mcp-health: ${parsed.error}\n${USAGE}\nRun "mcp-health --help" for the options and exit codes.\n`);
    return EXIT.usage;
  }
  const { command } = parsed;
  if (command.kind === 'help') {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (command.kind === 'version') {
    io.stdout.write(`mcp-health ${version()}\n`);
    return 0;
  }
  // Loaded when asked for: the MCP server door alone (its SDK) was a good part of every start.
  if (command.kind === 'mcp') return (await import('./mcp-server')).serveCheckerOverStdio(version());
  if (command.kind === 'batch') return (await import('./batch')).runBatch(command, io);
  if (command.kind === 'diff') return (await import('./diff')).runDiff(command.a, command.b, io);
  if (command.kind === 'call') return (await import('./call')).callCommand(command, io);
  return check(command, io);
}

/** Write a file the person asked for (--junit, --sarif), creating its folder; false when it failed. */
async function writeOutput(what: string, path: string, text: string, io: CliIo): Promise<boolean> {
  const file = resolve(path);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, 'utf8');
    return true;
  } catch (err) {
    io.stderr.write(`mcp-health: cannot write the ${what} file ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return false;
  }
}

async function check(cmd: CheckCommand, io: CliIo): Promise<number> {
  const report = cmd.stdio ? await checkStdio(cmd, cmd.stdio, io) : await checkUrl(cmd, io);
  if (typeof report === 'number') return report;
  const outcome = outcomeFor(report, cmd.strict, cmd.failOn);

  if (cmd.format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (cmd.format === 'markdown') io.stdout.write(toMarkdown(report, outcome));
  else if (!cmd.quiet) io.stdout.write(formatReport(report, outcome, { paint: painter(wantsColor(io.stdout, io.env)), columns: io.stdout.isTTY ? width(io.stdout) : undefined }));

  if (cmd.junit !== undefined && !(await writeOutput('JUnit', cmd.junit, toJUnit(report, outcome, cmd.failOn), io))) return EXIT.cantCreate;
  if (cmd.sarif !== undefined && !(await writeOutput('SARIF', cmd.sarif, `${JSON.stringify(toSarif(report, version()), null, 2)}\n`, io))) return EXIT.cantCreate;
  return outcome.code;
}

/** A local server over stdio: the CLI starts it (cli/stdio-child.ts) and always ends it. */
async function checkStdio(cmd: CheckCommand, launch: NonNullable<CheckCommand['stdio']>, io: CliIo): Promise<Report | number> {
  if (launch.cwd !== undefined) {
    let dir = false;
    try {
      dir = statSync(launch.cwd).isDirectory();
    } catch {
      // reported below
    }
    if (!dir) {
      io.stderr.write(`mcp-health: --cwd ${launch.cwd} is not a directory\n`);
      return EXIT.usage;
    }
  }
  const progress = !cmd.quiet && io.stderr.isTTY === true ? liveProgress(cmd.url, io) : undefined;
  try {
    return await runStdioCheck(launch, {
      launch: (spec) => launchServer(spec, io.env),
      ...budgetFor(cmd.timeoutMs),
      ...(launch.startupTimeoutMs !== undefined ? { startupTimeoutMs: launch.startupTimeoutMs } : {}),
      ...(progress ? { onStep: progress.step, onVerdict: progress.verdict } : {}),
    });
  } finally {
    progress?.done();
  }
}

async function checkUrl(cmd: CheckCommand, io: CliIo): Promise<Report | number> {
  // The CLI runs on the person's own machine, where their servers live on localhost and private
  // addresses; every other limit of lib/net still applies. A target the policy still refuses (a
  // cloud metadata or reserved address) is a usage error, like the API's 422: nothing was sent.
  const policy = appPolicy({ allowPrivate: true, env: io.env });
  const target = await judgeTarget(cmd.url, policy);
  if (!target.ok) {
    io.stderr.write(`mcp-health: ${target.message}\n`);
    return EXIT.usage;
  }
  const progress = !cmd.quiet && io.stderr.isTTY === true ? liveProgress(cmd.url, io) : undefined;
  const budget = budgetFor(cmd.timeoutMs);
  try {
    const report = await runCheck({ url: cmd.url, headers: cmd.headers, probes: cmd.probes }, engineDeps({ allowPrivate: true, env: io.env, ...budget, ...(progress ? { onStep: progress.step, onVerdict: progress.verdict } : {}) }));
    // What a browser-less "Get a token" can show: the registration a client would make, not sent.
    return withRegistrationPreview(report);
  } finally {
    progress?.done();
  }
}

function liveProgress(url: string, io: CliIo): { step: (s: Step) => void; verdict: (k: KnownVerdict) => void; done: () => void } {
  const paint = painter(wantsColor(io.stderr, io.env));
  const done: Step[] = [];
  let verdict: KnownVerdict['verdict'] | undefined;
  const draw = () => io.stderr.write(`\r\x1b[2K${progressLine(url, done, width(io.stderr), paint, verdict)}`);
  draw();
  return {
    step: (s) => {
      done.push(s);
      draw();
    },
    verdict: (k) => {
      verdict = k.verdict;
      draw();
    },
    done: () => io.stderr.write('\r\x1b[2K'),
  };
}

/** A pseudo-terminal with no size reports 0 columns: treat that as "unknown", not as "cut everything". */
function width(stream: OutStream): number | undefined {
  return stream.columns && stream.columns > 0 ? stream.columns : undefined;
}
