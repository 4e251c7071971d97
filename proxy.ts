// A shared link that expired answers HTTP 410 Gone, not 200: pages cannot set a status, so the
// proxy looks the id up first and lets the page render the "expired" view under that status.
import { NextResponse, type NextRequest } from 'next/server';
import { getReport } from '@/db/store';

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const id = request.nextUrl.pathname.split('/')[2] ?? '';
  const found = await getReport(id);
  if (found.status === 'expired') return NextResponse.next({ status: 410 });
  if (found.status === 'unavailable') return NextResponse.next({ status: 503 });
  return NextResponse.next();
}

export const config = {
  // The page itself only: not its Open Graph image (which sets its own status) or the JSON API.
  matcher: '/r/:id',
};
