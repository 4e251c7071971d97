import { shareReport } from '@/app/share';
import { readCapped } from '@/app/read-body';
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
  'rate-limited': 429,
  'cross-site': 403,
} as const;

// As much as the Share action accepts (next.config.ts serverActions.bodySizeLimit).
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * POST /api/reports {"report": …, "signature": "…"} (both exactly as POST /api/check returned them)
 * → 201 {"id", "url", "expiresAt"}. Only reports this app produced, unchanged, are accepted.
 */
export async function POST(request: Request): Promise<Response> {
  const text = await readCapped(request, MAX_BODY_BYTES);
  if (text === undefined) return Response.json({ error: 'The request body is larger than 8 MB.', reason: 'too-large' }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: 'The body must be JSON: {"report": …, "signature": "…"} as returned by POST /api/check.' }, { status: 400 });
  }
  const shared = await shareReport(body, request.headers);
  if (!shared.ok) {
    const headers: Record<string, string> = shared.reason === 'rate-limited' ? { 'retry-after': String(shared.retryAfterS) } : {};
    return Response.json({ error: shared.error, reason: shared.reason }, { status: STATUS[shared.reason], headers });
  }
  const url = new URL(shared.path, siteBase(request.headers) ?? request.url).toString();
  return Response.json({ id: shared.id, url, expiresAt: shared.expiresAt }, { status: 201, headers: { location: url, 'cache-control': 'no-store' } });
}
