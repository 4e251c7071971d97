import { parseCheckRequest } from '@/lib/input';
import { runAppCheck } from '@/app/run';

export const dynamic = 'force-dynamic';

// The largest valid request (a 2 KB URL and 20 headers of 8 KB) fits well inside this.
const MAX_BODY_BYTES = 256 * 1024;

/** The body as text, or undefined once it passes `max` bytes (never buffered past that). */
async function readCapped(request: Request, max: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > max) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

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
