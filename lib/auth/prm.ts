// Protected Resource Metadata discovery (RFC 9728; MCP §Protected Resource Metadata Discovery
// Requirements in 2025-11-25,
// https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#protected-resource-metadata-discovery-requirements,
// and 2026-07-28,
// https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization/authorization-server-discovery#protected-resource-metadata-discovery-requirements)
// and the checks on the document found.
import { atLeast, authFinding } from './findings';
import { fetchJsonObject, parseMembers, type DiscoveryContext } from './fetch-json';
import { ResourceMetadataDocument, type ResourceMetadata } from '../report/auth';
import { gradeResource, isPlainHttpRemote, prmWellKnownUrls, type ResourceGrade } from './urls';

export type PrmSource = 'header' | 'path-inserted' | 'root';

export interface PrmResult {
  url: string;
  source: PrmSource;
  metadata: ResourceMetadata;
  match: ResourceGrade;
}

const ACCEPT_JSON = { Accept: 'application/json' };

/**
 * Find the PRM document. With `resource_metadata` from the challenge, fetch exactly that URL (no
 * well-known fallback: MCP 2025-11-25 says the header URL is the one to use, same section). Otherwise try the
 * RFC 9728 §3.1 path-inserted URL, then the root URL, and stop at the first usable document.
 */
export async function discoverPrm(ctx: DiscoveryContext, headerUrl: string | undefined): Promise<PrmResult | undefined> {
  const candidates: Array<{ url: string; source: PrmSource }> =
    headerUrl !== undefined
      ? [{ url: headerUrl, source: 'header' }]
      : prmWellKnownUrls(ctx.endpoint).map(({ url, kind }) => ({ url, source: kind }));

  for (const { url, source } of candidates) {
    const fromHeader = source === 'header';
    if (fromHeader && !/^https?:\/\//i.test(url)) {
      ctx.trail.push({ url, purpose: 'prm', outcome: 'invalid', note: 'resource_metadata is not an absolute http(s) URL' });
      // RFC 9728 §5.1: the parameter is the URL of the metadata document.
      ctx.findings.push(authFinding('A3', 'The challenge\'s resource_metadata is not an absolute URL, so no PRM can be fetched.', { evidence: url }));
      continue;
    }
    const r = await fetchJsonObject(ctx.deps, url, ACCEPT_JSON);
    if (r.kind === 'not-found' || r.kind === 'error') {
      const note = r.kind === 'not-found' ? `HTTP ${r.status}` : r.reason;
      ctx.trail.push({ url, purpose: 'prm', status: r.status, outcome: r.kind, note });
      if (fromHeader) {
        ctx.findings.push(authFinding('A3', 'The PRM URL named by resource_metadata did not answer 200 with a JSON object.', { evidence: `${url}: ${note}` }));
      } else if (r.status !== undefined && r.kind === 'error') {
        // A well-known URL that answers neither 200 nor 404 (401, 500…) hides the document (RFC 9728 §3.2).
        ctx.findings.push(authFinding('A3', `A PRM well-known URL answered HTTP ${r.status} instead of 200 or 404.`, { severity: 'warning', evidence: url }));
      }
      continue;
    }
    if (r.kind === 'invalid') {
      ctx.trail.push({ url, purpose: 'prm', status: r.status, outcome: 'invalid', note: r.reason });
      ctx.findings.push(authFinding('A3', 'The PRM response is not a JSON object (RFC 9728 §3.2).', { evidence: `${url}: ${r.reason}` }));
      continue;
    }
    const { doc, wrongTypes } = parseMembers(ResourceMetadataDocument, r.body);
    if (doc?.resource === undefined) {
      const why = wrongTypes.includes('resource') ? 'resource is not a string' : 'resource is missing';
      ctx.trail.push({ url, purpose: 'prm', status: r.status, outcome: 'invalid', note: why });
      ctx.findings.push(authFinding('A3', `The PRM document is unusable: ${why} (REQUIRED, RFC 9728 §2).`, { evidence: url }));
      continue;
    }
    const metadata: ResourceMetadata = { ...doc, resource: doc.resource };
    if (wrongTypes.length > 0) {
      ctx.findings.push(authFinding('A3', `PRM members with the wrong type were ignored: ${wrongTypes.join(', ')} (RFC 9728 §2).`, { evidence: url }));
    }
    if (!r.jsonContentType) {
      ctx.findings.push(authFinding('A3', 'The PRM document is not served as application/json (RFC 9728 §3.2).', { evidence: `Content-Type: ${r.contentType ?? 'none'}` }));
    }
    const match = gradeResource(metadata.resource, ctx.endpoint, source);
    ctx.trail.push({ url, purpose: 'prm', status: r.status, outcome: 'ok', note: `resource ${metadata.resource} (${match.grade}: ${match.reason})` });
    const result: PrmResult = { url, source, metadata, match };
    checkPrm(ctx, result);
    return result;
  }
  return undefined;
}

/** Findings A4–A7 and A11 on an accepted PRM document. */
function checkPrm(ctx: DiscoveryContext, prm: PrmResult): void {
  const { metadata: m, match } = prm;
  const f = ctx.findings;
  if (match.grade !== 'pass') {
    // RFC 9728 §3.3: a mismatched `resource` means the document must not be used; graded in gradeResource (./urls).
    f.push(authFinding('A4', `PRM resource does not match the MCP endpoint: ${match.reason}.`, { severity: match.grade, evidence: `resource ${m.resource}, endpoint ${ctx.endpoint.id}` }));
  }
  if (m.authorization_servers === undefined || m.authorization_servers.length === 0) {
    // MCP 2025-06-18+: PRM must list at least one authorization server (RFC 9728 leaves it optional).
    f.push(authFinding('A5', 'PRM lists no authorization_servers, so a client cannot find where to authorize.', { evidence: prm.url }));
  }
  if (m.scopes_supported === undefined) {
    // RFC 9728 §2: RECOMMENDED; MCP scope selection falls back to it when the challenge has no scope.
    f.push(authFinding('A6', 'PRM has no scopes_supported, so clients without a challenge scope request no scope.', { evidence: prm.url }));
  } else if (atLeast(ctx.revision, '2026-07-28') && m.scopes_supported.includes('offline_access')) {
    // MCP 2026-07-28 "Refresh Tokens": offline_access is the client's concern, not the resource's.
    f.push(authFinding('A6', 'PRM scopes_supported contains offline_access, which should not appear there.', { severity: 'warning', evidence: 'scopes_supported' }));
  }
  if (m.bearer_methods_supported !== undefined && !m.bearer_methods_supported.includes('header')) {
    // MCP sends tokens only in the Authorization header (2026-07-28 "Token Requirements").
    f.push(authFinding('A7', 'PRM bearer_methods_supported does not include "header", the only method MCP uses.', { evidence: JSON.stringify(m.bearer_methods_supported) }));
  }
  const plain = [prm.url, ...(m.authorization_servers ?? [])].filter(isPlainHttpRemote);
  if (plain.length > 0) {
    f.push(authFinding('A11', 'Authorization metadata or issuers use plain HTTP on a non-loopback host.', { evidence: plain.join(', ') }));
  }
}
