// `mcp-health call <url> <tool> --args '{…}'`: the check, then one tool call, on the same engine as
// the page's Try and POST /api/call (lib/call.ts). Runs on the person's machine: private addresses
// are allowed, as for `check`.
import { runCheck, DEFAULT_CHECK_TIMEOUT_MS } from '../lib/check';
import { callTool, DEFAULT_CALL_TIMEOUT_MS } from '../lib/call';
import { engineDeps } from '../lib/deps';
import type { ToolCall } from '../lib/report/call';
import type { Finding } from '../lib/report/schema';
import type { CallCommand } from './args';
import { painter, wantsColor, type Paint } from './format';
import type { CliIo } from './main';

const EXIT_CALL = { ok: 0, toolError: 1, auth: 2, failed: 3, usage: 64 } as const;

export async function callCommand(cmd: CallCommand, io: CliIo): Promise<number> {
  const deps = engineDeps({
    allowPrivate: true,
    ...(cmd.timeoutMs !== undefined ? { checkTimeoutMs: cmd.timeoutMs } : { checkTimeoutMs: DEFAULT_CHECK_TIMEOUT_MS }),
  });
  const report = await runCheck({ url: cmd.url, headers: cmd.headers }, deps);
  if (report.verdict === 'auth-required' || report.verdict === 'unreachable') {
    if (cmd.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    io.stderr.write(`mcp-health: the check found the server ${report.verdict}: ${report.summary}\n`);
    return report.verdict === 'auth-required' ? EXIT_CALL.auth : EXIT_CALL.failed;
  }
  const result = await callTool(report, { tool: cmd.tool, arguments: cmd.arguments, headers: cmd.headers }, { ...deps, stepTimeoutMs: cmd.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS });
  if (!result.ok) {
    io.stderr.write(`mcp-health: ${result.error}\n`);
    if (result.reason === 'unknown-tool') io.stderr.write(`Tools: ${report.tools.map((t) => t.name).join(', ') || 'none'}\n`);
    return result.reason === 'invalid-arguments' || result.reason === 'unknown-tool' ? EXIT_CALL.usage : EXIT_CALL.failed;
  }
  const { call } = result;
  const findings = result.report.findings.filter((f) => call.stepIds.includes(f.stepId ?? ''));
  if (cmd.json) io.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
  else if (!cmd.quiet) io.stdout.write(formatCall(call, findings, painter(wantsColor(io.stdout, io.env))));
  if (call.outcome === 'result') return findings.some((f) => f.severity === 'error') ? EXIT_CALL.toolError : EXIT_CALL.ok;
  return call.outcome === 'tool-error' ? EXIT_CALL.toolError : EXIT_CALL.failed;
}

const OUTCOME: Record<ToolCall['outcome'], string> = {
  result: 'RESULT',
  'tool-error': 'TOOL ERROR',
  'protocol-error': 'PROTOCOL ERROR',
  'input-required': 'INPUT REQUIRED',
  failed: 'FAILED',
  'invalid-arguments': 'INVALID ARGUMENTS',
};

export function formatCall(call: ToolCall, findings: Finding[], paint: Paint): string {
  const lines: string[] = [];
  const good = call.outcome === 'result' && !findings.some((f) => f.severity === 'error');
  lines.push(`${paint(OUTCOME[call.outcome], 'bold', good ? 'green' : call.outcome === 'result' || call.outcome === 'tool-error' ? 'yellow' : 'red')}  ${call.tool}  ${call.latencyMs} ms`);
  lines.push(call.message, '');
  for (const item of call.content ?? []) {
    if (item.type === 'text') lines.push(item.text);
    else if (item.type === 'image' || item.type === 'audio') lines.push(paint(`[${item.type} ${item.mimeType}, ${item.truncated ? 'too large, not kept' : `${Math.floor((item.data.length * 3) / 4)} bytes`}]`, 'cyan'));
    else if (item.type === 'resource_link') lines.push(paint(`[link ${item.name}: ${item.uri}${item.mimeType ? ` (${item.mimeType})` : ''}]`, 'cyan'));
    else lines.push(paint(`[resource ${item.resource.uri}${item.resource.mimeType ? ` (${item.resource.mimeType})` : ''}]`, 'cyan'), item.resource.text ?? '');
  }
  for (const u of call.unknownContent ?? []) lines.push(paint(`[unknown content] ${u}`, 'yellow'));
  if (call.structuredContent !== undefined) {
    lines.push('', paint(`structuredContent${call.outputValid === true ? ' (matches outputSchema)' : call.outputValid === false ? ' (does NOT match outputSchema)' : ''}:`, 'bold'));
    lines.push(JSON.stringify(call.structuredContent, null, 2));
  }
  if (call.rpcError) lines.push(paint(`JSON-RPC error ${call.rpcError.code}: ${call.rpcError.message}`, 'red'));
  for (const v of call.validation ?? []) lines.push(paint(`  ${v}`, 'dim'));
  for (const n of call.notifications ?? []) lines.push(paint(`  ${n.method}  ${n.summary}`, 'dim'));
  for (const r of call.serverRequests ?? []) lines.push(paint(`  server asked ${r.method}: ${r.answer}`, 'yellow'));
  if (call.app) lines.push(paint(`  MCP Apps view ${call.app.uri}: ${call.app.error ?? 'read (open the report in the web app to see it)'}`, 'dim'));
  for (const f of findings) lines.push(`${paint(f.severity.toUpperCase(), f.severity === 'error' ? 'red' : 'yellow')} ${f.id}  ${f.message}${f.specUrl ? `\n      ${paint(f.specUrl, 'dim')}` : ''}`);
  return `${lines.join('\n')}\n`;
}
