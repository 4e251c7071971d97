// URL building and comparison for auth discovery: the RFC 9728 / RFC 8414 well-known URLs, the
// RFC 9728 §3.3 resource match, and the plain-HTTP check.
import type { ResourceMatch } from '../report/auth';

export interface Endpoint {
  url: URL;
  /**
   * The MCP server's resource identifier: no fragment, and a lone "/" after the host dropped
   * (MCP 2025-11-25 prefers no trailing slash: https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#canonical-server-uri).
   */
  id: string;
  /** Path without the lone "/", plus query: what RFC 9728 §3.1 inserts after the well-known. */
  suffix: string;
}

export function endpointOf(mcpUrl: string): Endpoint | undefined {
  let url: URL;
  try {
    url = new URL(mcpUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.hash = '';
  const suffix = (url.pathname === '/' ? '' : url.pathname) + url.search;
  return { url, id: url.origin + suffix, suffix };
}

export type PrmWellKnownKind = 'path-inserted' | 'root';

/**
 * RFC 9728 §3.1 URLs in the MCP 2025-11-25 order: path insertion, then root (no insertion for an
 * endpoint without a path). §3.1 removes only the "/" right after the host; the rest of the path
 * and the query follow the well-known suffix unchanged.
 */
export function prmWellKnownUrls(endpoint: Endpoint): Array<{ url: string; kind: PrmWellKnownKind }> {
  const root = `${endpoint.url.origin}/.well-known/oauth-protected-resource`;
  const out: Array<{ url: string; kind: PrmWellKnownKind }> = [];
  if (endpoint.suffix !== '') out.push({ url: root + endpoint.suffix, kind: 'path-inserted' });
  out.push({ url: root, kind: 'root' });
  return out;
}

export type AsMetadataKind = 'oauth' | 'oidc';

/**
 * AS metadata URLs for an issuer in the MCP 2025-11-25 / 2026-07-28 order: RFC 8414 §3.1 insertion,
 * OIDC insertion, OIDC Discovery §4 append; for an issuer without a path, RFC 8414 then OIDC.
 * Insertion removes only the "/" right after the host (RFC 8414 §3.1); the append form removes a
 * terminating "/" of the path (OIDC Discovery §4.1). Undefined for an issuer
 * that is not an http(s) URL without query and fragment (RFC 8414 §2 "issuer").
 */
export function asMetadataUrls(issuer: string): Array<{ url: string; kind: AsMetadataKind }> | undefined {
  let u: URL;
  try {
    u = new URL(issuer);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.search !== '' || u.hash !== '' || issuer.includes('#')) {
    return undefined;
  }
  const path = u.pathname === '/' ? '' : u.pathname;
  if (path === '') {
    return [
      { url: `${u.origin}/.well-known/oauth-authorization-server`, kind: 'oauth' },
      { url: `${u.origin}/.well-known/openid-configuration`, kind: 'oidc' },
    ];
  }
  return [
    { url: `${u.origin}/.well-known/oauth-authorization-server${path}`, kind: 'oauth' },
    { url: `${u.origin}/.well-known/openid-configuration${path}`, kind: 'oidc' },
    { url: `${u.origin}${path.replace(/\/$/, '')}/.well-known/openid-configuration`, kind: 'oidc' },
  ];
}

export interface ResourceGrade {
  grade: ResourceMatch;
  reason: string;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');

/**
 * Grade PRM `resource` against the MCP endpoint (RFC 9728 §3.3,
 * https://datatracker.ietf.org/doc/html/rfc9728#section-3.3). The RFC wants an
 * identical string, compared code point by code point; the grading softens the cases clients
 * commonly tolerate to a warning:
 * - pass: identical to the endpoint id (or the URL as given); from the root well-known, also the origin;
 * - warning: differs only by a trailing "/" or scheme/host case, or a same-origin path prefix;
 * - error: another origin, or anything else.
 */
export function gradeResource(resource: string, endpoint: Endpoint, source: 'header' | PrmWellKnownKind): ResourceGrade {
  if (resource === endpoint.id || resource === endpoint.url.href) return { grade: 'pass', reason: 'identical to the MCP endpoint' };
  if (source === 'root' && resource === endpoint.url.origin) {
    return { grade: 'pass', reason: 'identical to the origin the root well-known URL was built from' };
  }
  if (source === 'root' && resource === `${endpoint.url.origin}/`) {
    return { grade: 'warning', reason: 'the origin with a trailing "/"' };
  }
  let r: URL;
  try {
    r = new URL(resource);
  } catch {
    return { grade: 'error', reason: 'not an absolute URL' };
  }
  if (r.hash !== '' || resource.includes('#')) return { grade: 'error', reason: 'contains a fragment (RFC 8707 §2)' };
  if (r.origin !== endpoint.url.origin) return { grade: 'error', reason: `origin ${r.origin} ≠ ${endpoint.url.origin}` };
  const rPath = trimSlash(r.pathname);
  const ePath = trimSlash(endpoint.url.pathname);
  if (rPath === ePath && r.search === endpoint.url.search) {
    return { grade: 'warning', reason: 'differs only by a trailing "/" or scheme/host case' };
  }
  if (r.search === '' && (rPath === '' || ePath.startsWith(`${rPath}/`))) {
    return { grade: 'warning', reason: 'a same-origin path prefix of the endpoint, which strict clients reject' };
  }
  return { grade: 'error', reason: `path ${r.pathname}${r.search} does not identify ${endpoint.id}` };
}

/**
 * True for an http: URL to anything but a loopback host. MCP requires HTTPS for AS endpoints and
 * metadata (2026-07-28 Security Considerations, "Communication Security"); localhost is exempt.
 */
export function isPlainHttpRemote(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:') return false;
  const h = u.hostname;
  return !(h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]');
}
