import { shareReport } from '@/app/share';
import { siteBase } from '@/app/r/shared';

export const dynamic = 'force-dynamic';

const STATUS = {
  'bad-request': 400,
  malformed: 403,
  'bad-signature': 403,
  'invalid-report': 403,
  'too-old': 403,
  'too-large': 413,
  'read-only': 503,
  unavailable: 503,
} as const;

/**
 * POST /api/reports {"report": …, "signature": "…"} (both exactly as POST /api/check returned them)
 * → 201 {"id", "url", "expiresAt"}. Only reports this app produced, unchanged, are accepted.
 */
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'The body must be JSON: {"report": …, "signature": "…"} as returned by POST /api/check.' }, { status: 400 });
  }
  const shared = await shareReport(body);
  if (!shared.ok) return Response.json({ error: shared.error, reason: shared.reason }, { status: STATUS[shared.reason] });
  const url = new URL(shared.path, siteBase(request.headers) ?? request.url).toString();
  return Response.json({ id: shared.id, url, expiresAt: shared.expiresAt }, { status: 201, headers: { location: url, 'cache-control': 'no-store' } });
}
