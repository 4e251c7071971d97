import { parseCheckRequest } from '@/lib/input';
import { runAppCheck } from '@/app/run';
import { readCapped } from '@/app/read-body';

export const dynamic = 'force-dynamic';

// The largest valid request (a 2 KB URL and 20 headers of 8 KB) fits well inside this.
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/check {"url": "...", "headers": {"Name": "value"}} → {"report": …, "signature": "…"}
 * Send both to POST /api/reports to share the report.
 */
export async function POST(request: Request): Promise<Response> {
  const text = await readCapped(request, MAX_BODY_BYTES);
  if (text === undefined) return Response.json({ error: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.` }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: 'The body must be JSON: {"url": "https://…", "headers": {}}' }, { status: 400 });
  }
  const parsed = parseCheckRequest(body);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const result = await runAppCheck(parsed.value, request.headers);
  if (!result.ok) {
    const headers: Record<string, string> = result.retryAfterS ? { 'retry-after': String(result.retryAfterS) } : {};
    return Response.json({ error: result.error }, { status: result.status ?? 500, headers });
  }
  return Response.json({ report: result.report, signature: result.signature }, { headers: { 'cache-control': 'no-store' } });
}
