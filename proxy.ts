// Runs before every page render. Three jobs:
// - a fresh CSP nonce per response: Next reads it from the request's Content-Security-Policy
//   header and puts it on its own scripts (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md);
// - a shared link that expired answers HTTP 410 Gone, not 200: pages cannot set a status, so the
//   proxy looks the id up first and lets the page render the "expired" view under that status.
//   It asks only for the status (getReportStatus: expiry, and whether a report is still held),
//   never the report: the page reads that itself, and this runs before every one of them;
// - a shared report that is live is rendered once and kept (lib/web/page-cache.ts): later reads
//   get the kept HTML with their own fresh nonce put in, without rendering the page again.
import { NextResponse, type NextRequest } from 'next/server';
import { getReportStatus } from '@/db/store';
import { getMonitor } from '@/db/monitors';
import { contentSecurityPolicy, makeNonce } from '@/lib/web/security-headers';
import { siteBase } from '@/lib/web/site-base';
import { createPageCache, keyOf, NONCE_PLACEHOLDER, RENDER_HEADER, RENDER_SECRET, toParts, withNonce, type CachedPage } from '@/lib/web/page-cache';

const SHARED_PAGE = /^\/r\/([^/]+)$/;
const MONITOR_PAGE = /^\/m\/([^/]+)$/;

/** ~150 KB of HTML each at most: 100 pages are ~15 MB. An hour at most, a report's expiry at most. */
const pages = createPageCache({ max: 100, maxAgeMs: 60 * 60_000 });

export async function proxy(request: NextRequest): Promise<NextResponse> {
  // The proxy's own render of a shared page, to be kept: the placeholder stands in for the nonce.
  const ownRender = request.headers.get(RENDER_HEADER) === RENDER_SECRET;
  const nonce = ownRender ? NONCE_PLACEHOLDER : makeNonce();
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development', https });
  const headers = new Headers(request.headers);
  headers.delete(RENDER_HEADER);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);

  let status: number | undefined;
  // The page itself only: not its Open Graph image (which sets its own status) or the JSON API.
  const shared = SHARED_PAGE.exec(request.nextUrl.pathname);
  if (shared) {
    const id = shared[1] ?? '';
    // Not under `next dev`: a kept page would hide an edited component for an hour.
    const keep = !ownRender && process.env.NODE_ENV !== 'development' && keepable(request) ? pageKey(request, id) : undefined;
    // A kept page is served without asking the store: a report does not change or go before its
    // expiry (db/store.ts empties it only after), and the entry is not kept past that.
    const kept = keep ? pages.peek(keep.key) : undefined;
    if (kept) return keptResponse(kept, nonce, csp, 'hit');
    const found = await getReportStatus(id);
    if (found.status === 'expired') status = 410;
    else if (found.status === 'unavailable') status = 503;
    // The page renders its not-found view itself under this status: Next's notFound() thrown from
    // a page answers with an empty error shell that only JavaScript fills in.
    else if (found.status === 'missing') status = 404;
    else if (found.status === 'live' && keep) {
      const page = await renderToKeep(keep, found.expiresAt);
      if (page) return keptResponse(page, nonce, csp, 'miss');
    }
  }
  // A monitor's status page that does not exist answers 404 with its view (same reason as above).
  const monitor = MONITOR_PAGE.exec(request.nextUrl.pathname);
  if (monitor && request.method === 'GET') {
    const found = await getMonitor(monitor[1] ?? '').catch(() => null);
    if (found === undefined) status = 404;
  }
  const response = NextResponse.next({ request: { headers }, ...(status ? { status } : {}) });
  response.headers.set('content-security-policy', csp);
  return response;
}

/**
 * A browser loading the page as a document: a GET with no query that asks for HTML. Next hides its
 * client router's headers (RSC, Next-Router-State-Tree, the _rsc query) from the proxy
 * (next/dist/server/web/adapter.js), so the router's fetches are told apart by what a fetch() sends:
 * an Accept of any type (the star-slash-star default) and `Sec-Fetch-Dest: empty`, where a document load sends `Accept: text/html…`
 * and `Sec-Fetch-Dest: document` (https://fetch.spec.whatwg.org/#concept-request-destination).
 * Anything else is rendered by Next as before.
 */
function keepable(request: NextRequest): boolean {
  if (request.method !== 'GET' || request.nextUrl.search !== '') return false;
  const h = request.headers;
  const dest = h.get('sec-fetch-dest');
  if (dest !== null && dest !== 'document') return false;
  if (h.has('next-action') || h.has('next-url')) return false;
  return /\btext\/html\b/i.test(h.get('accept') ?? '');
}

type Keep = ReturnType<typeof pageKey>;

/** What the page's HTML depends on besides the report: the theme cookie and where the site is served (its Open Graph URLs). */
function pageKey(request: NextRequest, id: string) {
  const cookie = request.cookies.get('theme')?.value;
  const theme = cookie === 'light' || cookie === 'dark' ? cookie : 'system';
  const base = siteBase(request.headers);
  return { id, theme, base, key: keyOf({ id, theme, origin: base?.origin ?? '' }) };
}

/** `Server-Timing: page-cache;desc=hit` says the page was served from the kept copy (miss: rendered now, then kept). */
function keptResponse(page: CachedPage, nonce: string, csp: string, cache: 'hit' | 'miss'): NextResponse {
  return new NextResponse(withNonce(page.parts, nonce), {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // As Next sends for a page rendered per request.
      'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      vary: 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch',
      'content-security-policy': csp,
      'server-timing': `page-cache;desc=${cache}`,
    },
  });
}

/**
 * Where this process listens, for its own render request: `next start` records it in
 * __NEXT_PRIVATE_ORIGIN (the -H host, or localhost) and PORT (next/dist/server/lib/start-server.js).
 * Without either nothing is kept and Next renders every read as before; if the request cannot
 * reach it, the same.
 */
function ownOrigin(): string | undefined {
  const recorded = process.env.__NEXT_PRIVATE_ORIGIN;
  if (recorded && /^https?:\/\//.test(recorded)) return recorded.replace(/\/$/, '');
  const port = process.env.PORT;
  return port && /^\d+$/.test(port) ? `http://127.0.0.1:${port}` : undefined;
}

/** Renders the page once through this same server, with the placeholder for a nonce, and keeps it. */
async function renderToKeep(k: Keep, expiresAt: Date): Promise<CachedPage | undefined> {
  const origin = ownOrigin();
  if (!origin) return undefined;
  return pages.getOrRender(k.key, async () => {
    const res = await fetch(`${origin}/r/${encodeURIComponent(k.id)}`, {
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      headers: {
        [RENDER_HEADER]: RENDER_SECRET,
        ...(k.theme !== 'system' ? { cookie: `theme=${k.theme}` } : {}),
        // The reader's site base, for the page's own siteBase (PUBLIC_URL, when set, wins there too).
        ...(k.base ? { 'x-forwarded-host': k.base.host, 'x-forwarded-proto': k.base.protocol.replace(/:$/, '') } : {}),
      },
    });
    const html = await res.text();
    // Only a page that shows the report (not an "unavailable" view after a failed read) is kept.
    if (res.status !== 200 || !html.includes('data-testid="shared-banner"') || !html.includes(NONCE_PLACEHOLDER)) return undefined;
    return { parts: toParts(html), expiresAt: expiresAt.getTime() };
  });
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
