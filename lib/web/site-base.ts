// Where this app is served: read by the pages (Open Graph URLs, badge and feed links, share links)
// and by proxy.ts, whose kept shared pages differ by it.

/**
 * Where this app is served, for absolute Open Graph URLs: PUBLIC_URL when set (behind a proxy
 * that rewrites Host), else the request's own host.
 */
export function siteBase(h: Headers, env: Record<string, string | undefined> = process.env): URL | undefined {
  const configured = env.PUBLIC_URL?.trim();
  if (configured) {
    try {
      return new URL(configured);
    } catch {
      // fall through to the request
    }
  }
  const host = h.get('x-forwarded-host')?.split(',')[0]?.trim() || h.get('host');
  if (!host) return undefined;
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  try {
    return new URL(`${proto}://${host}`);
  } catch {
    return undefined;
  }
}
