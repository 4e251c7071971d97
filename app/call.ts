// The app's door into "Try a tool", shared by the page's server action and POST /api/call. It goes
// through the one guard (lib/guard) like every door: cross-site refusal, the `call` rate limit
// (lower than checks), and the address policy with this request's origins. The report comes back
// from the browser with its signature: only a report this server produced (URL, era, the tool's
// schemas) can be called from, and the answer is a new signed report with the call appended, so
// Share after a call publishes the call too (sanitized like every step).
import 'server-only';
import { z } from 'zod';
import { appGuard } from '@/app/guard';
import type { GuardRequest } from '@/lib/guard/guard';
import { callTool } from '@/lib/call';
import { CallRequest, parseCheckRequest } from '@/lib/input';
import type { ToolCall } from '@/lib/report/call';
import type { Report } from '@/lib/report/schema';
import { verifyReport } from '@/lib/report/sign';

export type CallResponse =
  | { ok: true; report: Report; signature: string; call: ToolCall }
  | { ok: false; error: string; status: number; retryAfterS?: number };

const CallFromReport = CallRequest.extend({
  report: z.unknown(),
  signature: z.unknown(),
  headers: z.unknown().optional(),
});

export async function runAppCall(input: unknown, requestHeaders: GuardRequest['headers']): Promise<CallResponse> {
  const guard = appGuard();
  const request = { headers: requestHeaders };
  const crossSite = guard.crossSite(request);
  if (crossSite) return { ok: false, status: crossSite.status, error: crossSite.error };
  // Bad input is answered before it costs the client any of its budget.
  const parsed = CallFromReport.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, error: parsed.error.issues[0]?.message ?? 'Invalid input.' };
  const verified = verifyReport(parsed.data.report, parsed.data.signature);
  if (!verified.ok) {
    return {
      ok: false,
      status: 400,
      error: verified.reason === 'too-old' ? 'This check is more than a day old. Run it again, then try the tool.' : 'Tools can be tried only from a report this app produced unchanged. Run the check again.',
    };
  }
  // The headers are validated exactly as for the check they belong to.
  const headers = parseCheckRequest({ url: verified.report.url, headers: parsed.data.headers ?? {} });
  if (!headers.ok) return { ok: false, status: 400, error: headers.error };
  const admitted = await guard.admit(request, 'call');
  if (!admitted.ok) return { ok: false, status: admitted.status, error: admitted.error, ...(admitted.retryAfterS ? { retryAfterS: admitted.retryAfterS } : {}) };
  const closed = await guard.target(verified.report.url, admitted);
  if (closed) return { ok: false, status: closed.status, error: closed.error };
  const result = await callTool(verified.report, { tool: parsed.data.tool, arguments: parsed.data.arguments, headers: headers.value.headers }, admitted.engine);
  if (!result.ok) return { ok: false, status: result.reason === 'invalid-arguments' || result.reason === 'unknown-tool' ? 400 : 409, error: result.error };
  return { ok: true, report: result.report, signature: guard.sign(result.report), call: result.call };
}
