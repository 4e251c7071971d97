// The Content-Security-Policy an MCP Apps view runs under, built from the domains its ui://
// resource declares (https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#ui-resource-format,
// "Host Behavior"): the restrictive default when nothing is declared, and never anything a
// declaration did not name. A declared entry that is not a plain http(s)/ws(s) origin (a keyword,
// a wildcard host, a path with a quote or a semicolon) is dropped, so a server cannot widen or
// break the policy through its metadata.

export interface DeclaredCsp {
  connectDomains?: string[];
  resourceDomains?: string[];
  frameDomains?: string[];
  baseUriDomains?: string[];
}

/** `https://api.example.com`, `wss://x.example.com:8443`, `https://*.example.com` (a subdomain wildcard is allowed by the extension). */
const ORIGIN = /^(https?|wss?):\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;
const MAX_PER_LIST = 20;

export function cleanOrigins(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter((d): d is string => typeof d === 'string' && ORIGIN.test(d)).slice(0, MAX_PER_LIST);
}

export function appViewCsp(declared: DeclaredCsp = {}): string {
  const connect = cleanOrigins(declared.connectDomains);
  const resource = cleanOrigins(declared.resourceDomains);
  const frame = cleanOrigins(declared.frameDomains);
  const base = cleanOrigins(declared.baseUriDomains);
  const plus = (list: string[]) => (list.length ? ` ${list.join(' ')}` : '');
  return [
    `default-src 'none'`,
    `script-src 'self' 'unsafe-inline'${plus(resource)}`,
    `style-src 'self' 'unsafe-inline'${plus(resource)}`,
    `img-src 'self' data:${plus(resource)}`,
    `font-src 'self'${plus(resource)}`,
    `media-src 'self' data:${plus(resource)}`,
    `connect-src ${connect.length ? connect.join(' ') : `'none'`}`,
    `frame-src ${frame.length ? frame.join(' ') : `'none'`}`,
    `base-uri 'self'${plus(base)}`,
    `object-src 'none'`,
    `form-action 'none'`,
    // Only this app may frame the view.
    `frame-ancestors 'self'`,
  ].join('; ');
}
