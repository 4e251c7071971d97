// `mcp-health check --from <file>`: many servers at once, as a registry validating submissions
// needs. Bounded concurrency, one line per server, exit code of the worst result.
import { readFile } from 'node:fs/promises';
import { runCheck } from '../lib/check';
import { appPolicy, engineDeps } from '../lib/deps';
import { judgeTarget } from '../lib/net/target';
import { parseCheckRequest } from '../lib/input';
import type { Finding, Report } from '../lib/report/schema';
import { VERDICT_LABEL } from '../lib/report/summary';
import { budgetFor, type BatchCommand } from './args';
import { EXIT, outcomeFor, type Outcome } from './exit';
import { formatMs } from './format';
import type { CliIo } from './main';
import { mdText } from './markdown';
import { parseServerList, type ListedServer } from './server-list';

export type BatchRow = { server: ListedServer; report: Report; outcome: Outcome } | { server: ListedServer; error: string; outcome: Outcome };

/** Worst first: a server nobody can reach beats one that needs a token, beats a degraded one… */
const BADNESS: Record<number, number> = { [EXIT.healthy]: 0, [EXIT.conformance]: 1, [EXIT.strict]: 1, [EXIT.partial]: 2, [EXIT.authRequired]: 3, [EXIT.unreachable]: 4 };
export const worstCode = (codes: number[]): number => codes.reduce((w, c) => ((BADNESS[c] ?? 5) > (BADNESS[w] ?? 5) ? c : w), EXIT.healthy);

/** Run `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
function worstFinding(report: Report): string {
  const f = [...report.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0];
  return f && f.severity !== 'info' ? `${f.severity} ${f.id}: ${f.message}` : '';
}

export async function runBatch(cmd: BatchCommand, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(cmd.from, 'utf8');
  } catch (err) {
    io.stderr.write(`mcp-health: cannot read ${cmd.from}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  const list = parseServerList(text);
  if (!list.ok) {
    io.stderr.write(`mcp-health: ${cmd.from}: ${list.error}\n`);
    return EXIT.usage;
  }
  const tty = !cmd.quiet && io.stderr.isTTY === true;
  const policy = appPolicy({ allowPrivate: true, env: io.env });
  let done = 0;
  const rows = await pool(list.servers, cmd.concurrency, async (server): Promise<BatchRow> => {
    const input = parseCheckRequest({ url: server.url });
    // The address policy's refusal (a metadata or reserved address) is an input error, as for one check.
    const refused = input.ok ? await judgeTarget(input.value.url, policy) : undefined;
    let row: BatchRow;
    if (!input.ok || (refused && !refused.ok)) {
      const error = !input.ok ? input.error : refused && !refused.ok ? refused.message : '';
      row = { server, error, outcome: { code: EXIT.unreachable, reason: error } };
    } else {
      // Like `mcp-health check`: the person's own machine, where private addresses are theirs.
      const report = await runCheck({ url: input.value.url, headers: {}, probes: cmd.probes }, engineDeps({ allowPrivate: true, env: io.env, ...budgetFor(cmd.timeoutMs) }));
      row = { server, report, outcome: outcomeFor(report, cmd.strict, cmd.failOn) };
    }
    done++;
    if (tty) io.stderr.write(`\r\x1b[2KChecked ${done} of ${list.servers.length}`);
    return row;
  });
  if (tty) io.stderr.write('\r\x1b[2K');

  if (cmd.format === 'json') {
    io.stdout.write(`${JSON.stringify(rows.map((r) => ('report' in r ? r.report : { url: r.server.url, error: r.error })), null, 2)}\n`);
  } else if (cmd.format === 'markdown') {
    io.stdout.write(batchMarkdown(rows));
  } else if (!cmd.quiet) {
    io.stdout.write(batchTable(rows));
  }
  return worstCode(rows.map((r) => r.outcome.code));
}

function cells(r: BatchRow): string[] {
  if (!('report' in r)) return ['INVALID', '', '', '', r.server.url, r.error];
  const { report } = r;
  // A healthy server that --fail-on failed: the failed requirements are what the person needs to see.
  const why = r.outcome.code === EXIT.conformance ? r.outcome.reason : worstFinding(report);
  return [VERDICT_LABEL[report.verdict], report.era, String(report.tools.length), formatMs(report.durationMs), report.url, why];
}

export function batchTable(rows: BatchRow[]): string {
  const head = ['VERDICT', 'ERA', 'TOOLS', 'LATENCY', 'URL', 'WORST FINDING'];
  const body = rows.map(cells);
  const widths = head.slice(0, 5).map((h, i) => Math.max(h.length, ...body.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => (i < 5 ? v.padEnd(widths[i] ?? 0) : v.replace(/\s+/g, ' '))).join('  ').trimEnd();
  const counts = new Map<string, number>();
  for (const c of body) counts.set(c[0] ?? '', (counts.get(c[0] ?? '') ?? 0) + 1);
  const tally = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  return `${[line(head), ...body.map(line)].join('\n')}\n\n${rows.length} server${rows.length === 1 ? '' : 's'}: ${tally}\n`;
}

function batchMarkdown(rows: BatchRow[]): string {
  const out = ['| Verdict | Era | Tools | Latency | URL | Worst finding |', '|---|---|--:|--:|---|---|'];
  for (const c of rows.map(cells)) out.push(`| ${c.map((v) => mdText(v)).join(' | ')} |`);
  return `${out.join('\n')}\n`;
}
