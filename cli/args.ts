// Command-line arguments, parsed with node:util parseArgs and then validated by the same
// parseCheckRequest every other door uses, so the CLI accepts exactly what the page and the API do.
import { parseArgs } from 'node:util';
import { headersFromPairs, parseCheckRequest } from '../lib/input';

export const USAGE = 'Usage: mcp-health check <url> [--header "Name: value"]... [--json] [--timeout <s>] [--strict] [--junit <file>] [--quiet]';

export const HELP = `${USAGE}

Checks one remote MCP server (Streamable HTTP, both protocol eras) and prints the report.

Options:
  -H, --header "Name: value"  Send this header with every request (repeatable), e.g. a token:
                              --header "Authorization: Bearer $TOKEN"
      --json                  Print the report as JSON on stdout (the API's Report schema)
      --timeout <s>           Give up on the whole check after this many seconds (default 30)
      --strict                Fail the run (exit 4) when the server is healthy but a finding is
                              error-level
      --junit <file>          Also write a JUnit XML file: one test case per step and per finding
  -q, --quiet                 No progress line and no human-readable report (--json still prints)
  -h, --help                  Show this help
  -V, --version               Show the version

Exit codes:
  0   healthy
  1   partial (speaks MCP, but tools/list failed, lists no tools, or only HTTP+SSE works)
  2   auth-required (the server answered 401, or 403 with a Bearer challenge)
  3   unreachable (no valid MCP answer)
  4   --strict and the report has error-level findings (only when the verdict is healthy)
  64  usage error (bad arguments)
  70  internal error
  73  the --junit file could not be written

Runs on your machine, so localhost and private addresses may be checked.
Colours only on a terminal, never with NO_COLOR set.`;

export const MAX_TIMEOUT_S = 600;

export interface CheckCommand {
  kind: 'check';
  url: string;
  headers: Record<string, string>;
  json: boolean;
  /** The whole check's budget, from --timeout. */
  timeoutMs?: number;
  strict: boolean;
  junit?: string;
  quiet: boolean;
}

export type Command = CheckCommand | { kind: 'help' } | { kind: 'version' };

export type ParsedArgs = { ok: true; command: Command } | { ok: false; error: string };

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        header: { type: 'string', short: 'H', multiple: true },
        json: { type: 'boolean' },
        timeout: { type: 'string' },
        strict: { type: 'boolean' },
        junit: { type: 'string' },
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
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, command: { kind: 'help' } };
  if (values.version) return { ok: true, command: { kind: 'version' } };

  const [command, url, ...extra] = positionals;
  if (command === undefined) return { ok: false, error: 'missing command' };
  if (command !== 'check') return { ok: false, error: `unknown command "${command}"${/^https?:/i.test(command) ? ` (did you mean: mcp-health check ${command})` : ''}` };
  if (url === undefined) return { ok: false, error: 'missing <url>' };
  if (extra.length) return { ok: false, error: `unexpected argument "${extra[0]}"` };

  const pairs: Array<[string, string]> = [];
  for (const h of values.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) return { ok: false, error: `--header "${h.slice(0, 60)}" is not "Name: value"` };
    pairs.push([h.slice(0, colon), h.slice(colon + 1)]);
  }
  const input = parseCheckRequest({ url, headers: headersFromPairs(pairs) });
  if (!input.ok) return { ok: false, error: input.error };

  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!values.timeout.trim() || !Number.isFinite(s) || s <= 0 || s > MAX_TIMEOUT_S) {
      return { ok: false, error: `--timeout must be a number of seconds between 0 and ${MAX_TIMEOUT_S} (got "${values.timeout}")` };
    }
    timeoutMs = Math.round(s * 1000);
  }
  if (values.junit !== undefined && !values.junit.trim()) return { ok: false, error: '--junit needs a file name' };

  return {
    ok: true,
    command: {
      kind: 'check',
      url: input.value.url,
      headers: input.value.headers,
      json: values.json ?? false,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      strict: values.strict ?? false,
      ...(values.junit !== undefined ? { junit: values.junit } : {}),
      quiet: values.quiet ?? false,
    },
  };
}
