// Runs before every page render. Two jobs:
// - a fresh CSP nonce per response: Next reads it from the request's Content-Security-Policy
//   header and puts it on its own scripts (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md);
// - a shared link that expired answers HTTP 410 Gone, not 200: pages cannot set a status, so the
//   proxy looks the id up first and lets the page render the "expired" view under that status.
//   It asks only for the status (getReportStatus: expiry, and whether a report is still held),
//   never the report: the page reads that itself, and this runs before every one of them.
import { NextResponse, type NextRequest } from 'next/server';
import { getReportStatus } from '@/db/store';
import { contentSecurityPolicy, makeNonce } from '@/lib/web/security-headers';

const SHARED_PAGE = /^\/r\/([^/]+)$/;

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = makeNonce();
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development', https });
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);

  let status: number | undefined;
  // The page itself only: not its Open Graph image (which sets its own status) or the JSON API.
  const shared = SHARED_PAGE.exec(request.nextUrl.pathname);
  if (shared) {
    const found = await getReportStatus(shared[1] ?? '');
    if (found.status === 'expired') status = 410;
    else if (found.status === 'unavailable') status = 503;
  }
  const response = NextResponse.next({ request: { headers }, ...(status ? { status } : {}) });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages and server actions; API routes, static files and the MCP Apps sandbox (its own CSP,
      // app/sandbox/route.ts) get their headers from next.config.ts and themselves.
      source: '/((?!api/|sandbox|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
