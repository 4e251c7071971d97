// Authorization discovery for a report-only probe (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-discovery): challenge → PRM → AS metadata, or
// the 2025-03-26 origin-based discovery when there is no PRM. Every URL tried lands in the trail;
// every failure is data.
import type { Finding } from '../report/schema';
import { checkAsMetadata, discoverAuthorizationServer, readAsMetadata, registrationOf } from './as-metadata';
import type { AuthDeps, DiscoveryContext } from './fetch-json';
import { atLeast, authFinding, authRevision } from './findings';
import { discoverPrm, type PrmResult } from './prm';
import type { AuthChallenge, AuthReport, AuthorizationServerMetadata, TrailEntry } from '../report/auth';
import { endpointOf } from './urls';
import {
  challengeParams,
  duplicateParams,
  parseWwwAuthenticate,
  selectChallenge,
  splitScope,
  type ChallengeParams,
} from './www-authenticate';

export type { AuthDeps, GetResult } from './fetch-json';

export interface DiscoverAuthInput {
  /** The MCP endpoint that answered 401/403. */
  mcpUrl: string;
  status: 401 | 403;
  /** Every WWW-Authenticate field line of that response. */
  wwwAuthenticate: string[];
  /** The negotiated (or requested) revision; absent means the latest rules apply. */
  protocolVersion?: string;
}

export async function discoverAuth(input: DiscoverAuthInput, deps: AuthDeps): Promise<AuthReport> {
  const revision = authRevision(input.protocolVersion);
  const findings: Finding[] = [];
  const trail: TrailEntry[] = [];

  const parsed = parseWwwAuthenticate(input.wwwAuthenticate);
  const selected = selectChallenge(parsed.challenges);
  const shown = selected ?? parsed.challenges[0];
  const challenge: AuthChallenge | null = shown
    ? {
        scheme: shown.scheme,
        ...(shown.token68 !== undefined ? { token68: shown.token68 } : {}),
        params: shown.params,
        raw: input.wwwAuthenticate,
        ...(parsed.problems.length > 0 ? { problems: parsed.problems } : {}),
      }
    : null;
  const params: ChallengeParams = selected ? challengeParams(selected) : {};
  const report: AuthReport = { status: input.status, revision, challenge, scopes: splitScope(params.scope), trail, findings };

  checkChallenge(input, revision, parsed.challenges.length, parsed.problems, params, findings);
  for (const c of parsed.challenges) {
    const dups = duplicateParams(c);
    if (dups.length > 0) {
      // RFC 9110 §11.2 and RFC 6750 §3: each parameter at most once per challenge.
      findings.push(authFinding('A18', `The ${c.scheme} challenge repeats parameters.`, { evidence: dups.join(', ') }));
    }
  }

  // A 403 without a Bearer challenge is an Origin or policy refusal, not OAuth (RFC 6750 §3.1,
  // https://datatracker.ietf.org/doc/html/rfc6750#section-3.1: insufficient_scope is the Bearer 403).
  if (input.status === 403 && selected === undefined) return report;
  const endpoint = endpointOf(input.mcpUrl);
  if (endpoint === undefined) return report; // the caller validated the URL; nothing to build from

  const ctx: DiscoveryContext = { deps, revision, endpoint, trail, findings };
  const prm = await discoverPrm(ctx, params.resourceMetadata);
  checkPrmLocation(ctx, params, prm, selected === undefined ? parsed.challenges[0]?.scheme : undefined);

  if (prm) {
    report.resourceMetadataUrl = prm.url;
    report.resourceMetadataSource = prm.source;
    report.resourceMetadata = prm.metadata;
    report.resourceMatch = prm.match.grade;
    if (report.scopes.length === 0) report.scopes = prm.metadata.scopes_supported ?? [];
    // A mismatched resource (A4 error) would stop a strict client; the checker reads on to report more.
    const as = await discoverAuthorizationServer(ctx, prm.metadata.authorization_servers ?? []);
    if (as) {
      checkAsMetadata(ctx, as.metadata, as.url);
      setAuthorizationServer(report, as.metadata, as.url, 'metadata');
    }
    return report;
  }

  report.legacyFallback = true;
  await legacyDiscovery(ctx, report, input.protocolVersion, selected?.scheme.toLowerCase() === 'bearer');
  return report;
}

/** Findings about the challenge itself: A1, A6 (challenge part), A16, A18 (grammar). */
function checkChallenge(
  input: DiscoverAuthInput,
  revision: ReturnType<typeof authRevision>,
  challengeCount: number,
  problems: string[],
  params: ChallengeParams,
  findings: Finding[],
): void {
  if (input.status === 401 && challengeCount === 0) {
    // RFC 9110 §15.5.2: a 401 must carry at least one challenge; MCP 2025-06-18 requires it too.
    const evidence = input.wwwAuthenticate.length === 0 ? 'no WWW-Authenticate header' : `unparsable: ${input.wwwAuthenticate.join(' | ')}`;
    findings.push(authFinding('A1', '401 response without a WWW-Authenticate challenge.', { evidence, revision }));
  }
  if (problems.length > 0) {
    findings.push(authFinding('A18', 'The WWW-Authenticate header does not follow the RFC 9110 §11.6.1 grammar.', { evidence: problems.join('; ') }));
  }
  const scopes = splitScope(params.scope);
  if (input.status === 401 && challengeCount > 0 && params.scope === undefined && atLeast(revision, '2025-11-25')) {
    // MCP 2025-11-25+: servers SHOULD name the needed scopes in the 401 challenge.
    findings.push(authFinding('A6', 'The 401 challenge has no scope parameter; clients fall back to PRM scopes_supported.'));
  }
  if (atLeast(revision, '2026-07-28') && scopes.includes('offline_access')) {
    findings.push(authFinding('A6', 'The challenge scope contains offline_access, which should not appear there.', { severity: 'warning', evidence: params.scope }));
  }
  if (input.status === 403 && params.error === 'insufficient_scope' && params.scope === undefined) {
    // MCP 2025-11-25+ step-up: the insufficient_scope challenge SHOULD say which scopes are needed.
    findings.push(authFinding('A16', '403 insufficient_scope challenge without a scope parameter.'));
  }
}

/** A2: where the PRM location came from, graded per revision (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#protected-resource-metadata-discovery-requirements;
 * 2025-06-18 allowed only the header, as a MUST). */
function checkPrmLocation(ctx: DiscoveryContext, params: ChallengeParams, prm: PrmResult | undefined, otherScheme: string | undefined): void {
  if (params.resourceMetadata !== undefined) return; // a bad header URL is reported as A3
  const rev = ctx.revision;
  if (rev === '2025-03-26') return; // no PRM in that revision
  const scheme = otherScheme !== undefined ? ` (the only challenge is ${otherScheme}, not Bearer)` : '';
  const found = prm ? `PRM found at ${prm.url}` : 'no PRM at the well-known URLs either';
  if (rev === '2025-06-18') {
    // 2025-06-18 defined only the header mechanism and made it a MUST.
    ctx.findings.push(authFinding('A2', `The challenge has no resource_metadata${scheme}, which 2025-06-18 requires.`, { evidence: found, revision: rev }));
  } else if (prm) {
    ctx.findings.push(authFinding('A2', `The challenge has no resource_metadata${scheme}; PRM was found at a well-known URL.`, { severity: 'info', evidence: found }));
  } else {
    ctx.findings.push(authFinding('A2', `No resource_metadata in the challenge${scheme} and no PRM at either well-known URL.`, { evidence: found }));
  }
}

/**
 * MCP 2025-03-26 "Server Metadata Discovery": the MCP URL's origin is the authorization base;
 * GET {origin}/.well-known/oauth-authorization-server with MCP-Protocol-Version (SHOULD), and if
 * that fails use /authorize, /token and /register
 * (https://modelcontextprotocol.io/specification/2025-03-26/basic/authorization#server-metadata-discovery).
 * Tried whenever no PRM exists. When a later revision was negotiated, a server that still uses this
 * model is named as an error (A19). Before any negotiation (the 401 usually comes first) the
 * server's revision is unknown: the current rules were tried first, and the older ones are what a
 * 2025-03-26 client would do, so what they find is reported as info. The default endpoints need a
 * Bearer challenge there: a bare 401 says nothing about OAuth.
 */
async function legacyDiscovery(ctx: DiscoveryContext, report: AuthReport, protocolVersion: string | undefined, bearer: boolean): Promise<void> {
  const origin = ctx.endpoint.url.origin;
  const url = `${origin}/.well-known/oauth-authorization-server`;
  const headers = { Accept: 'application/json', 'MCP-Protocol-Version': protocolVersion ?? '2025-03-26' };
  const read = await readAsMetadata(ctx, url, 'legacy-as-metadata', origin, headers);
  const negotiated = protocolVersion !== undefined;
  const legacyRev = ctx.revision === '2025-03-26';
  if (read.kind === 'found') {
    ctx.findings.push(
      legacyRev
        ? authFinding('A19', 'Authorization uses 2025-03-26 discovery (AS metadata at the MCP origin), superseded by PRM from 2025-06-18.', { severity: 'info', evidence: url })
        : negotiated
          ? authFinding('A19', `No PRM: the server only offers 2025-03-26-style AS metadata at the MCP origin, which ${ctx.revision} clients do not use.`, { evidence: url })
          : authFinding('A19', 'The authorization server is reachable only by the 2025-03-26 fallback (AS metadata at the MCP origin); clients of 2025-06-18 and later look for PRM and will not find it.', { severity: 'info', evidence: url }),
    );
    checkAsMetadata(ctx, read.metadata, url);
    setAuthorizationServer(report, read.metadata, url, 'legacy-metadata');
    return;
  }
  if (!legacyRev && (negotiated || !bearer)) return;
  const defaults: AuthorizationServerMetadata = {
    issuer: origin,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    registration_endpoint: `${origin}/register`,
  };
  ctx.findings.push(
    authFinding('A19', legacyRev
        ? 'No AS metadata at the MCP origin; 2025-03-26 clients use the default /authorize, /token and /register.'
        : 'No PRM and no AS metadata: only the 2025-03-26 fallback remains, the default /authorize, /token and /register at the MCP origin. Clients of 2025-06-18 and later will not find an authorization server.', { severity: 'info', evidence: origin }),
  );
  report.authorizationServer = defaults;
  report.authorizationServerSource = 'legacy-defaults';
  report.registration = 'dcr';
}

function setAuthorizationServer(
  report: AuthReport,
  metadata: AuthorizationServerMetadata,
  url: string,
  source: 'metadata' | 'legacy-metadata',
): void {
  report.authorizationServer = metadata;
  report.authorizationServerMetadataUrl = url;
  report.authorizationServerSource = source;
  report.registration = registrationOf(metadata);
}
