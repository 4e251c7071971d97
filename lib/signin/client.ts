// Who this app is as an OAuth client: its origin, its redirect URI, and its Client ID Metadata
// Document (draft-ietf-oauth-client-id-metadata-document-00; MCP 2025-11-25 "Client Registration").

export const CALLBACK_PATH = '/oauth/callback';
export const CLIENT_METADATA_PATH = '/oauth/client.json';
export const CLIENT_NAME = 'MCP Health Check';

/** Something that can read request headers (Headers, or next/headers' ReadonlyHeaders). */
export interface HeaderSource {
  get(name: string): string | null;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The app's public origin: APP_ORIGIN when the operator set it (behind a proxy that rewrites Host,
 * set it), else the origin the browser used, from the forwarded or plain Host header. It names the
 * redirect URI and the CIMD client_id, which the authorization server compares exactly.
 */
export function appOrigin(headers: HeaderSource, env: Record<string, string | undefined> = process.env): string | undefined {
  const configured = env.APP_ORIGIN?.trim();
  if (configured) {
    try {
      const u = new URL(configured);
      if (u.protocol === 'https:' || u.protocol === 'http:') return u.origin;
    } catch {
      // fall through to the request's own origin
    }
  }
  const first = (v: string | null) => v?.split(',')[0]?.trim() || undefined;
  const host = first(headers.get('x-forwarded-host')) ?? first(headers.get('host'));
  if (host === undefined || !HOST.test(host)) return undefined;
  const proto = first(headers.get('x-forwarded-proto'))?.toLowerCase();
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

export function isLoopbackOrigin(origin: string): boolean {
  let h: string;
  try {
    h = new URL(origin).hostname;
  } catch {
    return false;
  }
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]';
}

/**
 * OIDC Registration `application_type`, which MCP 2026-07-28 requires on DCR
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization/client-registration#application-type-and-redirect-uri-constraints): "web" for a hosted
 * app, "native" for one on a loopback origin (OIDC defaults to "web", and web clients may not use
 * loopback redirect URIs at some servers).
 */
export function applicationType(origin: string): 'web' | 'native' {
  return isLoopbackOrigin(origin) ? 'native' : 'web';
}

export function redirectUri(origin: string): string {
  return origin + CALLBACK_PATH;
}

export function clientIdUrl(origin: string): string {
  return origin + CLIENT_METADATA_PATH;
}

/** CIMD needs an https client_id with a path (draft §3); a plain-http origin cannot use it. */
export function canUseClientIdMetadataDocument(origin: string): boolean {
  return origin.startsWith('https://');
}

/** The metadata a client registers with, by CIMD or DCR: a public client using the code flow only. */
export function clientMetadata(origin: string) {
  return {
    client_name: CLIENT_NAME,
    ...(origin.startsWith('https://') ? { client_uri: origin } : {}),
    application_type: applicationType(origin),
    redirect_uris: [redirectUri(origin)],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // Public client: no secret (CIMD forbids one; the browser flow has nowhere safe to keep it).
    token_endpoint_auth_method: 'none',
  };
}

/** The document served at /oauth/client.json: client_id is that URL itself (draft §4.1). */
export function clientIdMetadataDocument(origin: string) {
  return { client_id: clientIdUrl(origin), ...clientMetadata(origin) };
}
