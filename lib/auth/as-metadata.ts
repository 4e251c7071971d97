// Authorization-server metadata discovery (RFC 8414, OIDC Discovery 1.0; MCP 2025-11-25 and
// 2026-07-28 "Authorization Server Metadata Discovery") and the checks on the document found.
import { atLeast, authFinding } from './findings';
import { fetchJsonObject, parseMembers, type DiscoveryContext } from './fetch-json';
import {
  AuthorizationServerMetadataDocument,
  type AuthorizationServerMetadata,
  type Registration,
  type TrailEntry,
} from '../report/auth';
import { asMetadataUrls, isPlainHttpRemote, type AsMetadataKind } from './urls';

export interface AsResult {
  url: string;
  kind: AsMetadataKind;
  metadata: AuthorizationServerMetadata;
}

/** Issuers tried from `authorization_servers`; each costs up to three GETs. */
export const MAX_ISSUERS = 3;

type Read =
  | { kind: 'found'; metadata: AuthorizationServerMetadata }
  | { kind: 'mismatch' }
  | { kind: 'miss' };

/**
 * GET one AS metadata URL and accept the document only if its `issuer` is identical to the issuer
 * the URL was built from (RFC 8414 §3.3, OIDC Discovery §4.3, spelled out in MCP 2026-07-28).
 */
export async function readAsMetadata(
  ctx: DiscoveryContext,
  url: string,
  purpose: TrailEntry['purpose'],
  issuer: string,
  headers: Record<string, string>,
): Promise<Read> {
  const r = await fetchJsonObject(ctx.deps, url, headers);
  if (r.kind !== 'ok') {
    const note = r.kind === 'not-found' ? `HTTP ${r.status}` : r.reason;
    ctx.trail.push({ url, purpose, status: r.status, outcome: r.kind, note });
    return { kind: 'miss' };
  }
  const { doc, wrongTypes } = parseMembers(AuthorizationServerMetadataDocument, r.body);
  if (doc?.issuer !== issuer) {
    const seen = doc?.issuer === undefined ? 'no issuer' : `issuer "${doc.issuer}"`;
    ctx.trail.push({ url, purpose, status: r.status, outcome: 'invalid', note: `${seen}, expected "${issuer}"` });
    ctx.findings.push(
      authFinding('A9', 'AS metadata issuer is not identical to the issuer its URL was built from, so it must be discarded.', { evidence: `${url}: ${seen}, expected "${issuer}"` }),
    );
    return { kind: 'mismatch' };
  }
  ctx.trail.push({ url, purpose, status: r.status, outcome: 'ok', note: `issuer ${doc.issuer}` });
  if (wrongTypes.length > 0) {
    ctx.findings.push(authFinding('A8', `AS metadata members with the wrong type were ignored: ${wrongTypes.join(', ')} (RFC 8414 §2).`, { severity: 'warning', evidence: url }));
  }
  if (!r.jsonContentType) {
    ctx.findings.push(authFinding('A8', 'AS metadata is not served as application/json (RFC 8414 §3.2).', { severity: 'warning', evidence: `${url}: Content-Type ${r.contentType ?? 'none'}` }));
  }
  return { kind: 'found', metadata: { ...doc, issuer: doc.issuer } };
}

/**
 * Try the issuers in `authorization_servers` order and stop at the first one with acceptable
 * metadata (RFC 9728 §7.6 lets the client choose; the first listed is the usual choice). Each
 * issuer's URLs are tried in the MCP 2025-11-25 order (RFC 8414 insertion, OIDC insertion, OIDC
 * append). Issuers past MAX_ISSUERS are not contacted.
 */
export async function discoverAuthorizationServer(ctx: DiscoveryContext, issuers: readonly string[]): Promise<AsResult | undefined> {
  const tried: string[] = [];
  let mismatched = false;
  for (const issuer of issuers.slice(0, MAX_ISSUERS)) {
    const urls = asMetadataUrls(issuer);
    if (urls === undefined) {
      // RFC 8414 §2: an issuer is an https URL with no query or fragment.
      ctx.findings.push(authFinding('A5', 'An authorization_servers entry is not a usable issuer URL.', { evidence: issuer }));
      continue;
    }
    for (const { url, kind } of urls) {
      tried.push(url);
      const read = await readAsMetadata(ctx, url, 'as-metadata', issuer, { Accept: 'application/json' });
      if (read.kind === 'mismatch') mismatched = true;
      if (read.kind !== 'found') continue;
      if (kind === 'oidc' && !atLeast(ctx.revision, '2025-11-25')) {
        // 2025-06-18 clients look only at RFC 8414 metadata; OIDC discovery arrived in 2025-11-25.
        ctx.findings.push(authFinding('A8', 'AS metadata exists only at an OpenID Connect URL, which 2025-06-18 clients do not try.', { severity: 'warning', evidence: url }));
      }
      return { url, kind, metadata: read.metadata };
    }
  }
  if (!mismatched && tried.length > 0) {
    ctx.findings.push(authFinding('A8', 'No authorization-server metadata at any URL in the spec order.', { evidence: tried.join(', ') }));
  }
  return undefined;
}

/** How a client can get a client_id here (MCP 2025-11-25+ "Client Registration" priority). */
export function registrationOf(m: AuthorizationServerMetadata): Registration {
  if (m.client_id_metadata_document_supported === true) return 'cimd';
  if (m.registration_endpoint !== undefined) return 'dcr';
  return 'pre-registered-only';
}

/** Findings A10–A15 on accepted AS metadata. */
export function checkAsMetadata(ctx: DiscoveryContext, m: AuthorizationServerMetadata, url: string): void {
  const f = ctx.findings;
  const rev = ctx.revision;

  const methods = m.code_challenge_methods_supported;
  if (methods === undefined || !methods.includes('S256')) {
    // 2025-11-25+: clients must refuse to continue without S256 in the metadata; 2025-06-18 only required PKCE.
    const severity = atLeast(rev, '2025-11-25') ? 'error' : 'warning';
    const evidence = methods === undefined ? 'code_challenge_methods_supported absent' : JSON.stringify(methods);
    f.push(authFinding('A10', 'AS metadata does not advertise PKCE S256 in code_challenge_methods_supported.', { severity, evidence }));
  }

  const endpoints = (['authorization_endpoint', 'token_endpoint', 'registration_endpoint'] as const)
    .map((k) => m[k])
    .filter((u): u is string => u !== undefined && isPlainHttpRemote(u));
  if (endpoints.length > 0 || isPlainHttpRemote(url)) {
    f.push(authFinding('A11', 'Authorization-server endpoints or metadata use plain HTTP on a non-loopback host.', { evidence: [url, ...endpoints].filter(isPlainHttpRemote).join(', ') }));
  }

  // RFC 8414 §2: authorization_endpoint and token_endpoint are REQUIRED for the code grant.
  const missing = (['authorization_endpoint', 'token_endpoint'] as const).filter((k) => m[k] === undefined);
  if (missing.length > 0) {
    f.push(authFinding('A12', `AS metadata lacks ${missing.join(' and ')}, needed for the authorization code flow.`, { evidence: url }));
  }
  if (m.response_types_supported === undefined || !m.response_types_supported.includes('code')) {
    // RFC 8414 §2: response_types_supported is REQUIRED; MCP uses the code flow.
    const evidence = m.response_types_supported === undefined ? 'response_types_supported absent' : JSON.stringify(m.response_types_supported);
    f.push(authFinding('A12', 'AS metadata does not list "code" in response_types_supported.', { evidence }));
  }
  // RFC 8414 §2: when omitted, grant_types_supported defaults to authorization_code and implicit.
  if (m.grant_types_supported !== undefined && !m.grant_types_supported.includes('authorization_code')) {
    f.push(authFinding('A12', 'AS metadata grant_types_supported lacks authorization_code.', { severity: 'warning', evidence: JSON.stringify(m.grant_types_supported) }));
  }

  const registration = registrationOf(m);
  if (registration === 'pre-registered-only') {
    f.push(authFinding('A13', 'The AS offers neither Client ID Metadata Documents nor Dynamic Client Registration: only pre-registered clients can connect.', { evidence: url }));
  } else if (registration === 'dcr' && atLeast(rev, '2025-11-25')) {
    // CIMD is the SHOULD since 2025-11-25; DCR is deprecated in 2026-07-28.
    f.push(authFinding('A14', 'The AS offers only Dynamic Client Registration (no Client ID Metadata Document support).', { evidence: m.registration_endpoint }));
  }

  if (m.authorization_response_iss_parameter_supported !== true) {
    // RFC 9207; MCP 2026-07-28 "Authorization Response Validation".
    f.push(authFinding('A15', 'The AS does not advertise authorization_response_iss_parameter_supported (RFC 9207).', { evidence: url }));
  }
}
