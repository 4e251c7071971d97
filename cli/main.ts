// The CLI door into the engine: same runCheck, same report, no server. bin/mcp-health.mjs loads
// this file and sets the process exit code from run().
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS, runCheck } from '../lib/check';
import { appPolicy, engineDeps } from '../lib/deps';
import { judgeTarget } from '../lib/net/target';
import type { Step } from '../lib/report/schema';
import { HELP, USAGE, parseCliArgs, type CheckCommand } from './args';
import { EXIT, outcomeFor } from './exit';
import { formatReport, painter, progressLine, wantsColor } from './format';
import { toJUnit } from './junit';

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
  return check(command, io);
}

async function check(cmd: CheckCommand, io: CliIo): Promise<number> {
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
  // --timeout bounds the whole check; each request keeps the default proportion of it (10 s of 30 s).
  const budget = cmd.timeoutMs !== undefined ? { checkTimeoutMs: cmd.timeoutMs, stepTimeoutMs: Math.max(1, Math.round((cmd.timeoutMs * DEFAULT_STEP_TIMEOUT_MS) / DEFAULT_CHECK_TIMEOUT_MS)) } : {};
  let report;
  try {
    report = await runCheck({ url: cmd.url, headers: cmd.headers }, engineDeps({ allowPrivate: true, env: io.env, ...budget, ...(progress ? { onStep: progress.step } : {}) }));
  } finally {
    progress?.done();
  }
  const outcome = outcomeFor(report, cmd.strict);

  if (cmd.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (!cmd.quiet) io.stdout.write(formatReport(report, outcome, { paint: painter(wantsColor(io.stdout, io.env)), columns: io.stdout.isTTY ? width(io.stdout) : undefined }));

  if (cmd.junit !== undefined) {
    const file = resolve(cmd.junit);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, toJUnit(report, outcome), 'utf8');
    } catch (err) {
      io.stderr.write(`mcp-health: cannot write the JUnit file ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT.cantCreate;
    }
  }
  return outcome.code;
}

function liveProgress(url: string, io: CliIo): { step: (s: Step) => void; done: () => void } {
  const paint = painter(wantsColor(io.stderr, io.env));
  const done: Step[] = [];
  const draw = () => io.stderr.write(`\r\x1b[2K${progressLine(url, done, width(io.stderr), paint)}`);
  draw();
  return {
    step: (s) => {
      done.push(s);
      draw();
    },
    done: () => io.stderr.write('\r\x1b[2K'),
  };
}

/** A pseudo-terminal with no size reports 0 columns: treat that as "unknown", not as "cut everything". */
function width(stream: OutStream): number | undefined {
  return stream.columns && stream.columns > 0 ? stream.columns : undefined;
}
