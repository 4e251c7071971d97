import { getMonitor } from '@/db/monitors';
import { badgeSvg } from '@/lib/monitor/badge';
import type { Verdict } from '@/lib/report/schema';

export const dynamic = 'force-dynamic';

/**
 * GET /m/{id}/badge.svg. README image proxies (GitHub's camo) cache what they are allowed to: a
 * short max-age with no-cache semantics for shared caches keeps the badge within minutes of the
 * verdict, as shields.io does.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const m = await getMonitor(id).catch(() => null);
  const svg = m ? badgeSvg({ ...(m.lastVerdict ? { verdict: m.lastVerdict as Verdict } : {}), ...(m.lastToolCount !== null ? { toolCount: m.lastToolCount } : {}), state: m.state }) : badgeSvg({ state: m === null ? 'unavailable' : 'not found' });
  return new Response(svg, {
    status: m ? 200 : m === null ? 503 : 404,
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': m ? 'public, max-age=120, s-maxage=120, stale-while-revalidate=600' : 'no-store',
      'x-content-type-options': 'nosniff',
      // The SVG is an image, never a document to run: no scripts even if opened directly.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
