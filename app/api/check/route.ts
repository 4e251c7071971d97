import { parseCheckRequest } from '@/lib/input';
import { runAppCheck } from '@/app/run';
import { selfOriginsFrom } from '@/app/request-info';

export const dynamic = 'force-dynamic';

/** POST /api/check {"url": "...", "headers": {"Name": "value"}} → {"report": …} */
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'The body must be JSON: {"url": "https://…", "headers": {}}' }, { status: 400 });
  }
  const parsed = parseCheckRequest(body);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const result = await runAppCheck(parsed.value, { selfOrigins: selfOriginsFrom(request.headers) });
  if (!result.ok) return Response.json({ error: result.error }, { status: result.status ?? 500 });
  return Response.json({ report: result.report }, { headers: { 'cache-control': 'no-store' } });
}
