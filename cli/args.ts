// Command-line arguments, parsed with node:util parseArgs and then validated by the same
// parseCheckRequest every other door uses, so the CLI accepts exactly what the page and the API do.
import { parseArgs } from 'node:util';
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS } from '../lib/check';
import { CallRequest, headersFromPairs, parseCheckRequest } from '../lib/input';
import { stdioUrl, type LaunchSpec } from '../lib/stdio-check';

export const USAGE = `Usage: mcp-health check <url> [--header "Name: value"]... [--json | --format text|json|markdown] [--timeout <s>] [--strict] [--fail-on must|should] [--no-probes] [--junit <file>] [--sarif <file>] [--quiet]
       mcp-health check --stdio [--env KEY=VALUE]... [--cwd <dir>] [--startup-timeout <s>] [output options] -- <command> [args...]
       mcp-health check --from <servers.txt|server.json> [--concurrency <n>] [--json] [--timeout <s>] [--strict] [--fail-on must|should] [--no-probes]
       mcp-health call <url> <tool> [--args '{"name": "value"}'] [--header "Name: value"]... [--json] [--timeout <s>]
       mcp-health mcp                (serve the checker itself as an MCP server over stdio)
       mcp-health diff a.json b.json (compare two saved reports: verdict, steps, findings, tools; exit 1 when they differ)`;

export const HELP = `${USAGE}

Checks one remote MCP server (Streamable HTTP, both protocol eras) and prints the report.

Options:
  -H, --header "Name: value"  Send this header with every request (repeatable), e.g. a token:
                              --header "Authorization: Bearer $TOKEN"
      --json                  Print the report as JSON on stdout (the API's Report schema);
                              the same as --format json
      --format <f>            text (default), json, or markdown (the GitHub job summary)
      --timeout <s>           Give up on the whole check after this many seconds (default 30)
      --strict                Fail the run (exit 4) when the server is healthy but a finding is
                              error-level
      --fail-on must|should   Fail the run (exit 5) when the server is healthy but a spec MUST
                              (or a MUST or SHOULD) it is held to failed (report.conformance)
      --no-probes             Skip the conformance probes (foreign Origin, malformed requests,
                              session probes): fewer requests, fewer requirements tested
      --junit <file>          Also write a JUnit XML file: one test case per step and per finding
      --sarif <file>          Also write a SARIF 2.1.0 log: one result per finding (code scanning)
      --from <file>           Check many servers: one URL per line (# comments), or an MCP registry
                              server.json, an array of them, or a registry list ({"servers": […]});
                              prints one line per server and exits with the worst code
      --concurrency <n>       With --from: at most n checks at once (default 4, max 32)
      --stdio -- <command>    Check a local server over stdio: start <command> [args...] (everything
                              after --) in its own process group, check it in both eras, end it
      --env KEY=VALUE         With --stdio: set a variable for the server (repeatable); the value
                              is never printed or stored
      --cwd <dir>             With --stdio: the server's working directory
      --startup-timeout <s>   With --stdio: how long the first answer may take (default 10)
  -q, --quiet                 No progress line and no human-readable report (--json still prints)
  -h, --help                  Show this help
  -V, --version               Show the version

mcp-health call <url> <tool> checks the server, then calls one tool in the era the check found
(a fresh session for 2025-xx servers) and prints what came back: content by type, isError,
structuredContent checked against the tool's outputSchema, progress, server requests. A call can
have side effects on the server: it is never part of "check".
      --args '<json>'         The tool's arguments as a JSON object (default {}), validated against
                              its inputSchema before anything is sent

Exit codes (check):
  0   healthy
  1   partial (speaks MCP, but tools/list failed, lists no tools, or only HTTP+SSE works)
  2   auth-required (the server answered 401, or 403 with a Bearer challenge)
  3   unreachable (no valid MCP answer)
  4   --strict and the report has error-level findings (only when the verdict is healthy)
  5   --fail-on and a MUST (or SHOULD) requirement failed (only when the verdict is healthy)
  64  usage error (bad arguments)
  70  internal error
  73  the --junit or --sarif file could not be written

Exit codes (call):
  0   the tool answered, and the answer matches what the tool declares
  1   a tool error (isError: true) or a finding about the answer (e.g. outputSchema mismatch)
  2   auth-required
  3   no result: the check failed, a protocol error, or the call failed on the wire
  64  usage error (bad arguments, or arguments that break the inputSchema)

Runs on your machine, so localhost and private addresses may be checked.
Colours only on a terminal, never with NO_COLOR set.`;

export const MAX_TIMEOUT_S = 600;

export type Format = 'text' | 'json' | 'markdown';
const FORMATS: readonly Format[] = ['text', 'json', 'markdown'];
export const MAX_CONCURRENCY = 32;

export interface CheckCommand {
  kind: 'check';
  url: string;
  headers: Record<string, string>;
  format: Format;
  /** The whole check's budget, from --timeout. */
  timeoutMs?: number;
  strict: boolean;
  /** Fail on failed requirements of this level or stronger (report.conformance). */
  failOn?: 'must' | 'should';
  /** Send the conformance probes (default true). */
  probes: boolean;
  junit?: string;
  sarif?: string;
  quiet: boolean;
  /** --stdio: the local server to start; `url` is then its stdio: line. */
  stdio?: LaunchSpec & { startupTimeoutMs?: number };
}

export interface BatchCommand {
  kind: 'batch';
  from: string;
  concurrency: number;
  format: Format;
  timeoutMs?: number;
  strict: boolean;
  /** As for one check: a healthy server whose MUST (or SHOULD) failed exits 5. */
  failOn?: 'must' | 'should';
  probes: boolean;
  quiet: boolean;
}

export interface CallCommand {
  kind: 'call';
  url: string;
  tool: string;
  arguments: Record<string, unknown>;
  headers: Record<string, string>;
  json: boolean;
  timeoutMs?: number;
  quiet: boolean;
}

export type Command = CheckCommand | BatchCommand | { kind: 'mcp' } | { kind: 'diff'; a: string; b: string } | CallCommand | { kind: 'help' } | { kind: 'version' };

export type ParsedArgs = { ok: true; command: Command } | { ok: false; error: string };

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        header: { type: 'string', short: 'H', multiple: true },
        json: { type: 'boolean' },
        timeout: { type: 'string' },
        strict: { type: 'boolean' },
        'fail-on': { type: 'string' },
        'no-probes': { type: 'boolean' },
        junit: { type: 'string' },
        sarif: { type: 'string' },
        format: { type: 'string' },
        from: { type: 'string' },
        concurrency: { type: 'string' },
        args: { type: 'string' },
        stdio: { type: 'boolean' },
        env: { type: 'string', multiple: true },
        cwd: { type: 'string' },
        'startup-timeout': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes; their first sentence is the useful one.
    const message = err instanceof Error ? err.message.split('. ')[0] ?? err.message : String(err);
    return { ok: false, error: message.replace(/\.$/, '') };
  }
  const { values, tokens } = parsed;
  if (values.help) return { ok: true, command: { kind: 'help' } };
  if (values.version) return { ok: true, command: { kind: 'version' } };
  // Everything after "--" is the stdio server's command line, never ours.
  const terminator = tokens.find((t) => t.kind === 'option-terminator')?.index ?? Infinity;
  const positionals = tokens.flatMap((t) => (t.kind === 'positional' && t.index < terminator ? [t.value] : []));
  const afterTerminator = tokens.flatMap((t) => (t.kind === 'positional' && t.index > terminator ? [t.value] : []));
  const stdioOnly = (['env', 'cwd', 'startup-timeout'] as const).find((k) => values[k] !== undefined);
  if (!values.stdio && stdioOnly) return { ok: false, error: `--${stdioOnly} is for --stdio` };
  if (!values.stdio && afterTerminator.length) return { ok: false, error: `unexpected argument "${afterTerminator[0]}" after -- (did you mean --stdio?)` };

  const [command, url, ...rest] = positionals;
  const tool = command === 'call' ? rest[0] : undefined;
  const extra = command === 'call' ? rest.slice(1) : rest;
  if (command === undefined) return { ok: false, error: 'missing command' };
  if (command === 'mcp') {
    if (url !== undefined) return { ok: false, error: `unexpected argument "${url}"` };
    return { ok: true, command: { kind: 'mcp' } };
  }
  if (command === 'diff') {
    if (url === undefined || extra.length !== 1) return { ok: false, error: 'diff needs two report files: mcp-health diff a.json b.json' };
    return { ok: true, command: { kind: 'diff', a: url, b: extra[0]! } };
  }
  if (command !== 'check' && command !== 'call') return { ok: false, error: `unknown command "${command}"${/^https?:/i.test(command) ? ` (did you mean: mcp-health check ${command})` : ''}` };

  if (values.format !== undefined && !FORMATS.includes(values.format as Format)) {
    return { ok: false, error: `--format must be one of ${FORMATS.join(', ')} (got "${values.format}")` };
  }
  if (values.json && values.format !== undefined && values.format !== 'json') return { ok: false, error: `--json and --format ${values.format} disagree` };
  const format: Format = values.json ? 'json' : ((values.format as Format | undefined) ?? 'text');
  const timeout = parseTimeout(values.timeout);
  if (!timeout.ok) return timeout;
  const timeoutMs = timeout.ms;

  if (command === 'call' && (values.from !== undefined || values.junit !== undefined || values.sarif !== undefined || values.strict || (values.format !== undefined && values.format !== 'json'))) {
    return { ok: false, error: '--from, --junit, --sarif, --strict and --format are for "check"' };
  }
  if (command === 'check' && values.args !== undefined) return { ok: false, error: '--args is for "call"' };
  if (values.stdio) return stdioCommand(command, url, values, afterTerminator, format, timeoutMs);
  if (values.from !== undefined) {
    if (url !== undefined) return { ok: false, error: `--from and a <url> (${url}) cannot be used together` };
    if (!values.from.trim()) return { ok: false, error: '--from needs a file name' };
    // A typed header would go to every server in the list: a token for one server leaked to all.
    if (values.header?.length) return { ok: false, error: '--header cannot be used with --from (it would send the header to every server in the list)' };
    if (values.junit !== undefined || values.sarif !== undefined) return { ok: false, error: '--junit and --sarif describe one server; use them without --from' };
    let concurrency = 4;
    if (values.concurrency !== undefined) {
      concurrency = Number(values.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        return { ok: false, error: `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got "${values.concurrency}")` };
      }
    }
    const outputs = checkOutputs(values, format, timeoutMs);
    if (!outputs.ok) return outputs;
    const { strict, failOn, probes, quiet } = outputs.options;
    return {
      ok: true,
      command: { kind: 'batch', from: values.from, concurrency, format, ...(timeoutMs !== undefined ? { timeoutMs } : {}), strict, ...(failOn ? { failOn } : {}), probes, quiet },
    };
  }
  if (values.concurrency !== undefined) return { ok: false, error: '--concurrency only applies with --from' };
  if (url === undefined) return { ok: false, error: 'missing <url>' };
  if (command === 'call' && tool === undefined) return { ok: false, error: 'missing <tool>' };
  if (extra.length) return { ok: false, error: `unexpected argument "${extra[0]}"` };

  const pairs: Array<[string, string]> = [];
  for (const h of values.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) return { ok: false, error: `--header "${h.slice(0, 60)}" is not "Name: value"` };
    pairs.push([h.slice(0, colon), h.slice(colon + 1)]);
  }
  const input = parseCheckRequest({ url, headers: headersFromPairs(pairs) });
  if (!input.ok) return { ok: false, error: input.error };

  const outputs = checkOutputs(values, format, timeoutMs);
  if (!outputs.ok) return outputs;
  if (command === 'call') {
    let args: unknown = {};
    if (values.args !== undefined) {
      try {
        args = JSON.parse(values.args);
      } catch {
        return { ok: false, error: `--args is not JSON: ${values.args.slice(0, 60)}` };
      }
    }
    const call = CallRequest.safeParse({ tool, arguments: args });
    if (!call.success) return { ok: false, error: call.error.issues[0]?.message ?? '--args must be a JSON object' };
    return {
      ok: true,
      command: {
        kind: 'call',
        url: input.value.url,
        tool: call.data.tool,
        arguments: call.data.arguments,
        headers: input.value.headers,
        json: format === 'json',
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        quiet: values.quiet ?? false,
      },
    };
  }

  return {
    ok: true,
    command: {
      kind: 'check',
      url: input.value.url,
      headers: input.value.headers,
      ...outputs.options,
    },
  };
}


interface OutputValues {
  strict?: boolean;
  'fail-on'?: string;
  'no-probes'?: boolean;
  junit?: string;
  sarif?: string;
  quiet?: boolean;
}

/** The output options a check takes, whether of a URL or of a stdio command. */
function checkOutputs(values: OutputValues, format: Format, timeoutMs: number | undefined) {
  if (values.junit !== undefined && !values.junit.trim()) return { ok: false as const, error: '--junit needs a file name' };
  if (values.sarif !== undefined && !values.sarif.trim()) return { ok: false as const, error: '--sarif needs a file name' };
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'must' && failOn !== 'should') return { ok: false as const, error: `--fail-on must be "must" or "should" (got "${failOn.slice(0, 20)}")` };
  return {
    ok: true as const,
    options: {
      format,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      strict: values.strict ?? false,
      ...(failOn !== undefined ? { failOn: failOn as 'must' | 'should' } : {}),
      probes: !values['no-probes'],
      ...(values.junit !== undefined ? { junit: values.junit } : {}),
      ...(values.sarif !== undefined ? { sarif: values.sarif } : {}),
      quiet: values.quiet ?? false,
    },
  };
}

interface StdioValues extends OutputValues {
  header?: string[];
  env?: string[];
  cwd?: string;
  'startup-timeout'?: string;
  from?: string;
}

/** `check --stdio [options] -- <command> [args…]`: the same output options as a URL check, no headers. */
function stdioCommand(command: string, url: string | undefined, values: StdioValues, commandLine: string[], format: Format, timeoutMs: number | undefined): ParsedArgs {
  if (command !== 'check') return { ok: false, error: '--stdio is for "check"' };
  if (url !== undefined) return { ok: false, error: `--stdio takes the server's command after --, not a URL (got "${url.slice(0, 60)}")` };
  if (values.from !== undefined) return { ok: false, error: '--stdio and --from cannot be used together' };
  if (values.header?.length) return { ok: false, error: '--header is for HTTP servers; give a stdio server its secrets with --env KEY=VALUE' };
  const [program, ...args] = commandLine;
  if (program === undefined || !program.trim()) return { ok: false, error: 'missing the server command: mcp-health check --stdio -- <command> [args...]' };
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { ok: false, error: `--env "${pair.split('=')[0]!.slice(0, 40)}" is not KEY=VALUE (a name of letters, digits and _)` };
    env[name] = pair.slice(eq + 1);
  }
  if (values.cwd !== undefined && !values.cwd.trim()) return { ok: false, error: '--cwd needs a directory' };
  const startup = parseTimeout(values['startup-timeout'], '--startup-timeout');
  if (!startup.ok) return startup;
  const outputs = checkOutputs(values, format, timeoutMs);
  if (!outputs.ok) return outputs;
  const launch = { command: program, args, env, ...(values.cwd !== undefined ? { cwd: values.cwd } : {}), ...(startup.ms !== undefined ? { startupTimeoutMs: startup.ms } : {}) };
  return {
    ok: true,
    command: {
      kind: 'check',
      url: stdioUrl(launch),
      headers: {},
      ...outputs.options,
      stdio: launch,
    },
  };
}

function parseTimeout(raw: string | undefined, option = '--timeout'): { ok: true; ms?: number } | { ok: false; error: string } {
  if (raw === undefined) return { ok: true };
  const s = Number(raw);
  if (!raw.trim() || !Number.isFinite(s) || s <= 0 || s > MAX_TIMEOUT_S) {
    return { ok: false, error: `${option} must be a number of seconds between 0 and ${MAX_TIMEOUT_S} (got "${raw}")` };
  }
  return { ok: true, ms: Math.round(s * 1000) };
}

/** --timeout bounds the whole check; each request keeps the default proportion of it (10 s of 30 s). */
export function budgetFor(timeoutMs: number | undefined): { checkTimeoutMs?: number; stepTimeoutMs?: number } {
  if (timeoutMs === undefined) return {};
  return { checkTimeoutMs: timeoutMs, stepTimeoutMs: Math.max(1, Math.round((timeoutMs * DEFAULT_STEP_TIMEOUT_MS) / DEFAULT_CHECK_TIMEOUT_MS)) };
}
