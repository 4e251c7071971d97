// The checker as an MCP server: the same engine behind MCP tools, so an AI assistant can check a
// server for its user. Built on the official SDK's server package (@modelcontextprotocol/server,
// which serves 2026-07-28 and, statelessly, the 2025 revisions from one factory). The doors decide
// how a check runs (the CLI on the person's machine, the web app through its guard); this module
// only describes the tools.
// Tools: https://modelcontextprotocol.io/specification/2025-11-25/server/tools
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { Era, Finding, Verdict, type Report } from '../report/schema';
import { VERDICT_LABEL } from '../report/summary';

export type CheckOutcome = { ok: true; report: Report } | { ok: false; error: string };

export interface CheckerServerDeps {
  version: string;
  /** One check: the door applies its own policy (address rules, rate limits). */
  check(url: string, headers: Record<string, string>): Promise<CheckOutcome>;
  /** A shared report by id, when the door has a store (the web app); absent in the CLI. */
  getReport?(id: string): Promise<{ ok: true; report: Report } | { ok: false; error: string }>;
}

const CheckInput = z.object({
  url: z.string().describe('The URL of a remote MCP server (Streamable HTTP or HTTP+SSE), e.g. https://example.com/mcp'),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('Request headers to send with every request of the check, e.g. {"Authorization": "Bearer …"}. Used for this check only, never stored.'),
});

const ReportInput = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, 'A report id is the last part of a shared report URL (/r/<id>).').describe('The id of a shared report (the last part of its /r/<id> URL)'),
});

/** What an assistant reads first: verdict, the summary sentence, failing steps, the worst findings. */
export function reportText(report: Report): string {
  const lines = [`${VERDICT_LABEL[report.verdict]} ${report.url}`, report.summary];
  lines.push(`Era: ${report.era}${report.protocolVersion ? `, protocol ${report.protocolVersion}` : ''}; tools: ${report.tools.length}.`);
  const failed = report.steps.filter((s) => s.status === 'error');
  for (const s of failed.slice(0, 5)) lines.push(`Step ${s.name} failed: ${s.notes || s.error?.message || ''}`.trim());
  const findings = report.findings.filter((f) => f.severity !== 'info');
  for (const f of findings.slice(0, 10)) lines.push(`${f.severity} ${f.id}: ${f.message}${f.specUrl ? ` (${f.specUrl})` : ''}`);
  if (findings.length > 10) lines.push(`… and ${findings.length - 10} more findings in the structured report.`);
  return lines.join('\n');
}

/**
 * The structured result's declared shape: the report's main fields, open to the rest. Not the whole
 * report schema: its header pairs are tuples, which zod writes as 2020-12 `prefixItems` + `items:
 * false`, and the v1 TypeScript SDK client validates with a draft-07 validator that reads that as
 * "no items allowed" and rejects every real report (seen in e2e/integration/doors.test.ts).
 */
const ReportOutput = z
  .object({
    url: z.string(),
    verdict: Verdict,
    summary: z.string(),
    era: Era,
    protocolVersion: z.string().optional(),
    supportedVersions: z.array(z.string()),
    durationMs: z.number(),
    steps: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), latencyMs: z.number(), notes: z.string() }).loose()),
    tools: z.array(z.object({ name: z.string() }).loose()),
    findings: z.array(Finding),
  })
  .loose();

const toolError = (text: string) => ({ content: [{ type: 'text' as const, text }], isError: true });

/** A fresh server per serving unit (one HTTP request, or one stdio connection), as the SDK asks. */
export function createCheckerServer(deps: CheckerServerDeps): McpServer {
  const server = new McpServer(
    { name: 'mcp-health', version: deps.version, title: 'MCP Health Check' },
    { instructions: 'Checks remote MCP servers the way a real client connects to them and reports a verdict (GOOD, WARN, AUTH, DOWN), each step on the wire, and protocol findings with spec links.' },
  );

  server.registerTool(
    'check_server',
    {
      title: 'Check an MCP server',
      description:
        'Connects to a remote MCP server as a real client would (both protocol eras), and returns the verdict (healthy, partial, auth-required, unreachable), the steps, the tools it lists and protocol findings with spec links.',
      inputSchema: CheckInput,
      outputSchema: ReportOutput,
      // It only reads: a check lists and describes, never calls a tool on the checked server.
      annotations: { title: 'Check an MCP server', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ url, headers }) => {
      const outcome = await deps.check(url, headers ?? {});
      if (!outcome.ok) return toolError(outcome.error);
      return { content: [{ type: 'text' as const, text: reportText(outcome.report) }], structuredContent: outcome.report };
    },
  );

  if (deps.getReport) {
    const getReport = deps.getReport;
    server.registerTool(
      'get_report',
      {
        title: 'Read a shared report',
        description: 'Returns a report someone shared from MCP Health Check (a /r/<id> link, kept for 7 days).',
        inputSchema: ReportInput,
        outputSchema: ReportOutput,
        annotations: { title: 'Read a shared report', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      async ({ id }) => {
        const found = await getReport(id);
        if (!found.ok) return toolError(found.error);
        return { content: [{ type: 'text' as const, text: reportText(found.report) }], structuredContent: found.report };
      },
    );
  }
  return server;
}
