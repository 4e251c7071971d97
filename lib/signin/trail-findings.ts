// Findings along the token flow (A20–A26): what the authorization server did at the callback, at
// the token endpoint and at registration that a demanding MCP client would notice. Each cites the
// rule it enforces (links in lib/auth/findings.ts).
import { z } from 'zod';
import { authFinding } from '../auth/findings';
import type { Finding } from '../report/schema';
import { isLoopbackOrigin } from './client';

/**
 * RFC 9207 §2.4 (https://www.rfc-editor.org/rfc/rfc9207#section-2.4): a client compares `iss` with
 * the issuer it sent the request to. Missing where it was never promised is info (the flow still
 * works, without mix-up protection); a mismatch is an error (the flow discards the answer).
 */
export function issFinding(iss: string | undefined, issuer: string, promised: boolean, stepId: string): Finding | undefined {
  if (iss === undefined) {
    return promised
      ? authFinding('A20', 'The authorization response has no iss, although the metadata says it always sends one (authorization_response_iss_parameter_supported).', { severity: 'error', evidence: `expected ${issuer}`, stepId: stepId })
      : authFinding('A20', 'The authorization response has no iss parameter, so a client cannot detect authorization-server mix-up (RFC 9207).', { severity: 'info', evidence: `expected ${issuer}`, stepId: stepId });
  }
  if (iss !== issuer) return authFinding('A20', 'The authorization response names another issuer than the one the request was sent to.', { severity: 'error', evidence: `iss ${iss.slice(0, 200)}, expected ${issuer}`, stepId: stepId });
  return undefined;
}

const JwtPayload = z.object({ aud: z.union([z.string(), z.array(z.string())]).optional() });

/** The `aud` of a JWT access token (RFC 9068 §2.2), or undefined when the token is not a readable JWT. */
export function jwtAudience(token: string): { jwt: boolean; aud?: string[] } {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return { jwt: false };
  try {
    const payload = JwtPayload.safeParse(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
    if (!payload.success) return { jwt: false };
    const aud = payload.data.aud;
    return { jwt: true, ...(aud !== undefined ? { aud: Array.isArray(aud) ? aud : [aud] } : {}) };
  } catch {
    return { jwt: false };
  }
}

export interface TokenFacts {
  tokenType: string;
  accessToken: string;
  scope?: string;
  expiresIn?: number;
  refreshToken: boolean;
}

/** Findings on a 200 token answer, and the row's notes (what a person reads first). */
export function tokenFindings(t: TokenFacts, asked: { scope?: string; resource: string }, stepId: string): { findings: Finding[]; notes: string } {
  const findings: Finding[] = [];
  const notes: string[] = [`${t.tokenType} token`];
  if (t.expiresIn !== undefined) notes.push(`expires in ${t.expiresIn} s`);
  notes.push(t.scope !== undefined ? `scope granted: ${t.scope}` : 'no scope in the answer (the scope asked for)');
  notes.push(t.refreshToken ? 'refresh token issued' : 'no refresh token');

  if (t.tokenType.toLowerCase() !== 'bearer') {
    // MCP clients send tokens as Bearer (RFC 6750); a DPoP- or MAC-bound token fails at the server.
    findings.push(authFinding('A22', `The token endpoint issued a “${t.tokenType.slice(0, 40)}” token; MCP clients send Bearer tokens.`, { severity: 'error', evidence: t.tokenType.slice(0, 40), stepId: stepId }));
  }
  // RFC 6749 §5.1: scope is REQUIRED in the answer when it differs from the request; absent means as asked.
  if (asked.scope !== undefined && t.scope !== undefined) {
    const granted = new Set(t.scope.split(' ').filter(Boolean));
    const missing = asked.scope.split(' ').filter((s) => s && !granted.has(s));
    if (missing.length > 0) {
      findings.push(authFinding('A21', `The token carries fewer scopes than asked for: ${missing.join(' ')} not granted.`, { severity: 'warning', evidence: `asked “${asked.scope}”, granted “${t.scope}”`, stepId: stepId }));
    }
  }
  const jwt = jwtAudience(t.accessToken);
  if (jwt.jwt) {
    notes.push(`JWT, aud ${jwt.aud?.join(' ') ?? '(none)'}`);
    // RFC 8707 §2 and MCP token audience binding: the token must be meant for this MCP server.
    if (jwt.aud === undefined || !jwt.aud.includes(asked.resource)) {
      const seen = jwt.aud === undefined ? 'no aud claim' : `aud ${jwt.aud.join(', ')}`;
      findings.push(authFinding('A23', 'The access token is not bound to this MCP server: its audience is not the resource the client asked for, so the resource parameter was ignored or echoed wrong.', { severity: 'error', evidence: `${seen}; resource ${asked.resource}`, stepId: stepId }));
    }
  }
  if (t.refreshToken) {
    // RFC 9700 §2.2.2: refresh tokens of public clients must be sender-constrained or rotated; this
    // client registered for authorization_code only and never asked for one.
    findings.push(authFinding('A24', 'A refresh token was issued to a public client that registered only the authorization_code grant; make sure it is rotated on use.', { severity: 'info', stepId: stepId }));
  }
  return { findings, notes: notes.join(' · ') };
}

const OAuthError = z.object({ error: z.string().max(200), error_description: z.string().max(1000).optional() });

/** Findings on a refused dynamic client registration (RFC 7591 §3.2.2). */
export function registrationFindings(json: unknown, status: number, origin: string, stepId: string): Finding[] {
  const e = OAuthError.safeParse(json);
  if (status < 400 || !e.success) return [];
  const said = `${e.data.error}${e.data.error_description ? `: ${e.data.error_description}` : ''}`.slice(0, 300);
  const out: Finding[] = [];
  if (/application_type/i.test(said)) {
    out.push(authFinding('A25', 'The registration endpoint rejects the application_type member that MCP clients send.', { severity: 'error', evidence: said, stepId: stepId }));
  }
  if (e.data.error === 'invalid_redirect_uri' && isLoopbackOrigin(origin)) {
    out.push(authFinding('A26', 'The registration endpoint refuses a loopback redirect URI, which native and local MCP clients need.', { severity: 'error', evidence: said, stepId: stepId }));
  }
  return out;
}
