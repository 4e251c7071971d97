// The JSON API's contract: request and response bodies of /api/check, /api/reports/{id} and
// /health as zod schemas. The route handlers are typed against them and lib/openapi.ts turns the
// very same schemas into the OpenAPI document, so the document cannot drift from the code.
import { z } from 'zod';
import { CallRequest, CheckRequest, parseCheckRequest, type ParsedInput } from './input';
import { Report } from './report/schema';
import { ToolCall } from './report/call';

export const CheckApiRequest = CheckRequest.extend({
  share: z
    .boolean()
    .optional()
    .describe('Also store the report as the Share button does (sanitized, kept 7 days) and return its public link as shareUrl.'),
}).describe('What to check. Headers are sent with every request of the check and are never stored.');

export type CheckApiInput = CheckRequest & { share: boolean };

export type ParsedApiInput = { ok: true; value: CheckApiInput } | Extract<ParsedInput, { ok: false }>;

/** The page's validation (parseCheckRequest, same messages), plus the API-only `share` flag. */
export function parseCheckApiRequest(body: unknown): ParsedApiInput {
  const base = parseCheckRequest(body);
  if (!base.ok) return base;
  const share = CheckApiRequest.shape.share.safeParse((body as Record<string, unknown>).share);
  if (!share.success) return { ok: false, error: '"share" must be true or false.' };
  return { ok: true, value: { ...base.value, share: share.data ?? false } };
}

export const CheckApiResponse = z
  .object({
    report: Report,
    signature: z
      .string()
      .optional()
      .describe('Proof that this server produced the report unchanged; send it with the report to share it later.'),
    shareUrl: z.url().optional().describe('Present when the request asked for "share": true: the public link to the stored copy.'),
  })
  .describe('The report of one check.');
export type CheckApiResponse = z.infer<typeof CheckApiResponse>;

export const ApiError = z
  .object({
    error: z.string().describe('A sentence a person can act on.'),
    field: z.enum(['url', 'headers']).optional().describe('The input the error is about, when it is about one.'),
  })
  .describe('What went wrong.');
export type ApiError = z.infer<typeof ApiError>;

export const SharedReportResponse = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    report: Report.describe('The stored copy: sanitized (no query string, no added headers, capped bodies).'),
  })
  .describe('A shared report.');
export type SharedReportResponse = z.infer<typeof SharedReportResponse>;

export const SharedReportGone = ApiError.extend({
  expiredAt: z.iso.datetime(),
  url: z.string().describe('The checked URL, so the check can be run again.'),
}).describe('The shared report expired; shared reports are kept for 7 days.');

export const SharedReportUnreadable = ApiError.extend({
  url: z.string().describe('The checked URL, so the check can be run again.'),
}).describe('The stored report was written by an older version and no longer matches the report schema.');

export const HealthResponse = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('healthy'), timestamp: z.iso.datetime() }),
    z.object({
      status: z.literal('unhealthy'),
      timestamp: z.iso.datetime(),
      reason: z.string().describe('Which dependency failed and how, e.g. "database: connection refused".'),
    }),
  ])
  .describe('Whether this app can serve requests and reach its database.');
export type HealthResponse = z.infer<typeof HealthResponse>;

export const CallApiRequest = z
  .object({
    url: CheckRequest.shape.url.optional().describe('The server to check, then call (when no report is sent).'),
    headers: CheckRequest.shape.headers.describe('Sent with every request of the check and the call; never stored.'),
    report: Report.optional().describe('A report an earlier answer returned: the call is made from it (its URL, era and tool schemas).'),
    signature: z.string().optional().describe('The signature that came with that report.'),
    tool: CallRequest.shape.tool,
    arguments: CallRequest.shape.arguments.describe('The tool arguments; validated against its inputSchema before anything is sent.'),
  })
  .describe('One tool call: either a URL (a check runs first) or a signed report from an earlier answer.');

export const CallApiResponse = z
  .object({
    report: Report.describe('The report with this call appended: its steps (group "call"), its findings, and calls[].'),
    signature: z.string().describe('Proof that this server produced the report; send it back to call again or to share.'),
    call: ToolCall,
  })
  .describe('The result of one tool call.');
