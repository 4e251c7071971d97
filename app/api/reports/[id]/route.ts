import { getReport } from '@/db/store';
import { cacheSeconds } from '@/app/r/shared';

export const dynamic = 'force-dynamic';

const NOT_INDEXED = { 'x-robots-tag': 'noindex' };

/** GET /api/reports/{id} → 200 {"id", "createdAt", "expiresAt", "report"}; 404 unknown, 410 expired. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const found = await getReport(id);
  switch (found.status) {
    case 'found':
      return Response.json(
        { id, createdAt: found.createdAt.toISOString(), expiresAt: found.expiresAt.toISOString(), report: found.report },
        { headers: { ...NOT_INDEXED, 'cache-control': `public, max-age=${cacheSeconds(found.expiresAt)}` } },
      );
    case 'expired':
      return Response.json(
        { error: `This shared report expired on ${found.expiresAt.toISOString()}.`, expiredAt: found.expiresAt.toISOString(), url: found.url },
        { status: 410, headers: { ...NOT_INDEXED, 'cache-control': 'no-store' } },
      );
    case 'missing':
      return Response.json({ error: 'No shared report has this id.' }, { status: 404, headers: { ...NOT_INDEXED, 'cache-control': 'no-store' } });
    case 'unreadable':
      return Response.json(
        { error: 'This shared report was stored by an older version and can no longer be read.', url: found.url },
        { status: 500, headers: { ...NOT_INDEXED, 'cache-control': 'no-store' } },
      );
    case 'unavailable':
      return Response.json({ error: 'Shared reports are unavailable right now: the report database cannot be reached.' }, { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '60' } });
  }
}
