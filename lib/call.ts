// Try a tool: the engine's second entry point beside runCheck. It takes a report a check produced
// (its era, URL and the tool's schemas), validates the arguments against the tool's inputSchema,
// sends tools/call in that era (lib/mcp/call.ts), reads what came back (lib/mcp/call-result.ts) and
// returns the report with the call appended: steps in group `call`, the reading in `calls`, and its
// findings. Every door (page, POST /api/call, the CLI) calls this; a call is never part of a check.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Finding, Report, Step, Tool } from './report/schema';
import { Report as ReportSchema } from './report/schema';
import type { ToolCall } from './report/call';
import { createOutbound } from './net/outbound';
import { CLOSED_POLICY } from './net/policy';
import type { CheckContext } from './mcp/exchange';
import { DEFAULT_LIMITS } from './mcp/read';
import { sendToolCall } from './mcp/call';
import { readToolResult } from './mcp/call-result';
import { validateAgainst } from './mcp/validate';
import type { CallRequest } from './input';
import { typedValues } from './report/redact';
import { maskReport, typedValueMaskers } from './report/redact-report';
import type { CheckDeps } from './check';

/** A tool may take a while (long-running operations report progress): longer than a check's step. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
export const MAX_CALLS_PER_REPORT = 20;


export interface CallInput extends CallRequest {
  /** The person's headers, as for the check (never stored: redacted from everything recorded). */
  headers?: Record<string, string>;
}

export type CallResult = { ok: true; report: Report; call: ToolCall } | { ok: false; error: string; reason: 'unknown-tool' | 'invalid-arguments' | 'no-era' | 'too-many' };

/** Why a report cannot take a call, or undefined when it can. */
function unusable(report: Report): string | undefined {
  if (report.era !== 'modern' && report.era !== 'legacy') {
    return report.era === 'http+sse'
      ? 'This server speaks only the deprecated HTTP+SSE transport; calls are made over Streamable HTTP.'
      : 'The check found no working protocol era, so there is nothing to call the tool with. Fix the check first.';
  }
  if ((report.calls?.length ?? 0) >= MAX_CALLS_PER_REPORT) return `At most ${MAX_CALLS_PER_REPORT} calls per report: run the check again to keep trying.`;
  return undefined;
}

export async function callTool(report: Report, input: CallInput, deps: CheckDeps = {}): Promise<CallResult> {
  const why = unusable(report);
  if (why) return { ok: false, error: why, reason: report.calls && report.calls.length >= MAX_CALLS_PER_REPORT ? 'too-many' : 'no-era' };
  const tool: Tool | undefined = report.tools.find((t) => t.name === input.tool);
  if (!tool) return { ok: false, reason: 'unknown-tool', error: `The check listed no tool named "${input.tool.slice(0, 80)}".` };

  // The server's own validator decides in the end; this one stops a call the schema already rules out.
  const validation = validateAgainst(tool.inputSchema ?? { type: 'object' }, input.arguments);
  if (validation.ok === false) return { ok: false, reason: 'invalid-arguments', error: `The arguments do not match the tool's inputSchema: ${validation.errors.join('; ')}.` };

  const calledAt = (deps.now ?? (() => new Date()))();
  const userHeaders = input.headers ?? {};
  // As for a check: answers are read raw, and the recorded copies are masked at the end.
  const maskers = typedValueMaskers(typedValues(report.url, userHeaders));
  const handle = (deps.outbound ?? createOutbound)(deps.outboundOptions ?? { policy: CLOSED_POLICY });
  const controller = new AbortController();
  // Every step in flight listens on this signal (exchange.ts): probes and listings run side by side,
  // past Node's default warning threshold of 10, and the warning would land on the CLI's stderr.
  setMaxListeners(100, controller.signal);
  const budget = deps.stepTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  // Session set-up, the call and the closing DELETE all fit in twice the call's own budget.
  const deadline = setTimeout(() => controller.abort(new Error('call deadline')), budget * 2);
  // The call's steps sort after the check's in the one table.
  const base = Math.max(report.durationMs, ...report.steps.map((s) => s.startMs + s.latencyMs));
  const steps: Step[] = [];
  const ctx: CheckContext = {
    outbound: handle.fetch,
    t0: performance.now() - base,
    signal: controller.signal,
    stepTimeoutMs: budget,
    limits: DEFAULT_LIMITS,
    userHeaders,
    steps,
    onStep: deps.onStep && ((step) => deps.onStep?.(maskReport(step, maskers))),
  };
  const findings: Finding[] = [];
  const n = (report.calls?.length ?? 0) + 1;
  const started = performance.now();
  let call: ToolCall;
  try {
    const wire = await sendToolCall(
      ctx,
      { url: report.url, era: report.era as 'modern' | 'legacy', ...(report.protocolVersion ? { legacyVersion: report.protocolVersion } : {}), tool, arguments: input.arguments, n },
      findings,
    );
    const reading = wire.call ? readToolResult(wire.call, tool, findings) : { outcome: 'failed' as const, message: wire.failure ?? 'The call was not sent.' };
    const notes = validation.ok === 'unchecked' ? [`inputSchema not checked before sending: ${validation.reason}`] : validation.skipped;
    call = {
      n,
      tool: tool.name,
      arguments: input.arguments,
      calledAt: calledAt.toISOString(),
      latencyMs: Math.round(performance.now() - started),
      stepIds: steps.map((s) => s.id),
      ...reading,
      ...(notes.length || reading.validation ? { validation: [...notes, ...(reading.validation ?? [])] } : {}),
      ...(wire.notifications.length ? { notifications: wire.notifications } : {}),
      ...(wire.serverRequests.length ? { serverRequests: wire.serverRequests } : {}),
      ...(wire.app ? { app: wire.app } : {}),
    };
  } finally {
    clearTimeout(deadline);
    await handle.close();
  }
  for (const s of steps) s.group = 'call';
  const next = {
    ...report,
    steps: [...report.steps, ...steps.sort((a, b) => a.startMs - b.startMs)],
    findings: [...report.findings, ...findings],
    calls: [...(report.calls ?? []), call],
  };
  // Nothing the person typed survives in what is returned (lib/report/redact-report.ts).
  const parsed = ReportSchema.parse(maskReport(next, maskers));
  return { ok: true, report: parsed, call: parsed.calls![parsed.calls!.length - 1]! };
}
