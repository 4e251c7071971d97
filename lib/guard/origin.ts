// Where a request comes from, as far as the guard cares: the origins it reached the app on (a check
// may never target them) and whether a browser sent it from another site.
import type { HeaderReader } from '../web/client-ip';

/**
 * The origins this request reached the app on, from Host and X-Forwarded-Host. Both are
 * client-controlled, which is fine here: they only add origins a check may not target, so a
 * forged value can only make the requester's own check stricter.
 */
export function selfOriginsFrom(headers: HeaderReader): string[] {
  const out: string[] = [];
  const hosts = [headers.get('host'), ...(headers.get('x-forwarded-host') ?? '').split(',')];
  for (const raw of hosts) {
    const host = raw?.trim();
    if (!host || !/^[A-Za-z0-9.\-[\]:]+$/.test(host)) continue;
    // Without an explicit port the scheme decides it; the proxy in front may speak either.
    if (/:\d+$/.test(host)) out.push(`http://${host}`);
    else out.push(`http://${host}`, `https://${host}`);
  }
  return out;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Why a browser request from another site is refused, or undefined when it is not one.
 *
 * Browsers say where a request comes from: `Sec-Fetch-Site` (https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header)
 * and `Origin` on every POST (https://fetch.spec.whatwg.org/#origin-header). A page on another
 * site can send a "simple" cross-origin POST (text/plain, no preflight:
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header) that would start a check counted
 * against its visitor's address. Servers, scripts and the CLI send neither header, so they pass;
 * the app's own pages send their own origin.
 */
export function crossSiteRefusal(headers: HeaderReader, appOrigins: readonly string[]): string | undefined {
  const site = headers.get('sec-fetch-site')?.trim().toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return `This request came from another site (Sec-Fetch-Site: ${site}); the app accepts checks only from its own pages and from scripts.`;
  const origin = headers.get('origin')?.trim();
  if (origin === undefined || origin === '') return undefined;
  const host = origin === 'null' ? undefined : hostOf(origin);
  const own = new Set(appOrigins.map(hostOf).filter((h): h is string => h !== undefined));
  if (host === undefined || !own.has(host)) return `This request came from another site (Origin: ${origin.slice(0, 100)}); the app accepts checks only from its own pages and from scripts.`;
  return undefined;
}
