// The GitHub Action's script (action.yml runs it through bin/mcp-health-action.mjs): reads the
// inputs from INPUT_* variables as action.yml passes them, runs one check on the same engine as the
// CLI, writes the Markdown job summary ($GITHUB_STEP_SUMMARY), the outputs ($GITHUB_OUTPUT), the JSON
// report file, and workflow-command annotations for findings on stdout.
// Workflow commands and files: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCheck } from '../lib/check';
import { appPolicy, engineDeps } from '../lib/deps';
import { judgeTarget } from '../lib/net/target';
import { headersFromPairs, parseCheckRequest } from '../lib/input';
import type { Report } from '../lib/report/schema';
import { MAX_TIMEOUT_S, budgetFor } from './args';
import { EXIT, outcomeFor, type Outcome } from './exit';
import { toMarkdown } from './markdown';

export const FAIL_ON = ['down', 'warn', 'must', 'should'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ActionIo {
  env: Record<string, string | undefined>;
  stdout: { write(s: string): unknown };
}

/** Workflow-command escaping: data and property values differ (the latter also escape : and ,). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * Whether the run fails, by the person's `fail-on`: `down` fails on DOWN and AUTH (the check could
 * not get in: in CI that is a broken server or a wrong secret), `warn` also on WARN, `must` also on
 * error-level findings and on a failed MUST of the report's conformance section (the CLI's
 * `--strict --fail-on must`), `should` also on warnings and failed SHOULDs.
 */
export function actionOutcome(report: Report, failOn: FailOn): Outcome {
  const base = outcomeFor(report, false);
  if (report.verdict === 'unreachable' || report.verdict === 'auth-required') return base;
  if (report.verdict === 'partial') return failOn === 'down' ? { code: 0, reason: '' } : base;
  if (failOn !== 'must' && failOn !== 'should') return { code: 0, reason: '' };
  const bad = report.findings.filter((f) => f.severity === 'error' || (failOn === 'should' && f.severity === 'warning'));
  if (bad.length) {
    return { code: EXIT.strict, reason: `fail-on ${failOn}: ${bad.length} finding${bad.length === 1 ? '' : 's'} (${[...new Set(bad.map((f) => f.id))].join(', ')})` };
  }
  const conformance = outcomeFor(report, false, failOn);
  return conformance.code === EXIT.conformance ? { code: conformance.code, reason: conformance.reason.replace(/^--fail-on/, 'fail-on') } : { code: 0, reason: '' };
}

function parseHeaders(text: string): { ok: true; pairs: Array<[string, string]> } | { ok: false; error: string } {
  const pairs: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    // Never echo the line: it usually carries a secret.
    if (colon <= 0) return { ok: false, error: `headers: line ${pairs.length + 1} is not "Name: value"` };
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1)]);
  }
  return { ok: true, pairs };
}

export async function runAction(io: ActionIo): Promise<number> {
  const input = (name: string) => (io.env[`INPUT_${name.toUpperCase().replace(/ /g, '_')}`] ?? '').trim();
  const fail = (message: string) => {
    io.stdout.write(`::error title=mcp-health::${escapeData(message)}\n`);
    return EXIT.usage;
  };
  const failOn = (input('fail-on') || 'down') as FailOn;
  if (!FAIL_ON.includes(failOn)) return fail(`fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  const headers = parseHeaders(io.env.INPUT_HEADERS ?? '');
  if (!headers.ok) return fail(headers.error);
  const request = parseCheckRequest({ url: input('url'), headers: headersFromPairs(headers.pairs) });
  if (!request.ok) return fail(request.error);
  let timeoutMs: number | undefined;
  if (input('timeout')) {
    const s = Number(input('timeout'));
    if (!Number.isFinite(s) || s <= 0 || s > MAX_TIMEOUT_S) return fail(`timeout must be seconds between 0 and ${MAX_TIMEOUT_S}`);
    timeoutMs = Math.round(s * 1000);
  }

  // The runner is the person's own machine: their CI may check a server it started on localhost.
  // What the policy still closes (metadata and reserved addresses) is an input error, as in the CLI.
  const target = await judgeTarget(request.value.url, appPolicy({ allowPrivate: true, env: io.env }));
  if (!target.ok) return fail(target.message);
  const report = await runCheck({ url: request.value.url, headers: request.value.headers }, engineDeps({ allowPrivate: true, env: io.env, ...budgetFor(timeoutMs) }));
  const outcome = actionOutcome(report, failOn);

  const dir = resolve(io.env.RUNNER_TEMP || '.', 'mcp-health');
  await mkdir(dir, { recursive: true });
  const reportPath = join(dir, 'report.json');
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`, 'utf8');

  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, toMarkdown(report, outcome), 'utf8');
  if (io.env.GITHUB_OUTPUT) await appendFile(io.env.GITHUB_OUTPUT, `verdict=${report.verdict}\nera=${report.era}\nreport-path=${reportPath}\n`, 'utf8');

  for (const f of report.findings) {
    if (f.severity === 'info') continue;
    const title = escapeProperty(`MCP ${f.id}`);
    io.stdout.write(`::${f.severity === 'error' ? 'error' : 'warning'} title=${title}::${escapeData(`${f.message}${f.specUrl ? ` ${f.specUrl}` : ''}`)}\n`);
  }
  io.stdout.write(`MCP Health Check: ${report.summary}\n`);
  if (outcome.code !== 0) io.stdout.write(`::error title=mcp-health::${escapeData(outcome.reason)}\n`);
  return outcome.code;
}
