import { readCapped } from '@/app/read-body';
import { runAppCall } from '@/app/call';
import { appGuard } from '@/app/guard';

export const dynamic = 'force-dynamic';

// A signed report with earlier calls (images, an MCP Apps view) can be large; Share takes as much.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const BAD_JSON = 'The body must be JSON: {"url": "https://…", "tool": "name", "arguments": {…}, "headers": {}} or {"report": …, "signature": "…", "tool": …, "arguments": …}';

const error = (message: string, status: number, headers: Record<string, string> = {}) =>
  Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store', ...headers } });

/**
 * POST /api/call: call one tool the way the page's Try does, on the same engine (lib/call.ts) and
 * behind the same guard. With {"url", "headers"?, "tool", "arguments"} a check runs first (it counts
 * as a check) to find the era and the tool's schemas; with {"report", "signature", …} from an
 * earlier answer the call is made from that report. Either way: {"report", "signature", "call"}.
 * Tool calls have their own, lower rate limit (RATE_LIMIT_CALLS).
 */
export async function POST(request: Request): Promise<Response> {
  const text = await readCapped(request, MAX_BODY_BYTES);
  if (text === undefined) return error(`The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return error(BAD_JSON, 400);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(BAD_JSON, 400);
  let input = body as Record<string, unknown>;
  if (input.report === undefined) {
    const checked = await appGuard().check(request, { url: input.url, headers: input.headers });
    if (!checked.ok) return error(checked.error, checked.status, checked.retryAfterS ? { 'retry-after': String(checked.retryAfterS) } : {});
    input = { ...input, report: checked.report, signature: checked.signature };
  }
  const result = await runAppCall(input, request.headers);
  if (!result.ok) return error(result.error, result.status, result.retryAfterS ? { 'retry-after': String(result.retryAfterS) } : {});
  return Response.json({ report: result.report, signature: result.signature, call: result.call }, { headers: { 'cache-control': 'no-store' } });
}
