// Authorization findings A1–A19 (protocol brief §5 "Authorization") and the revision rules that
// change their severity. Links are the first backing link in the brief's table unless a revision
// needs its own page.
import type { Finding, Severity } from '../report/schema';

export type AuthFindingId =
  | 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'A8' | 'A9' | 'A10'
  | 'A11' | 'A12' | 'A13' | 'A14' | 'A15' | 'A16' | 'A17' | 'A18' | 'A19';

const AU26 = 'https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization';

export const AUTH_SPEC_URLS: Record<AuthFindingId, string> = {
  A1: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2',
  A2: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#protected-resource-metadata-discovery-requirements',
  A3: 'https://datatracker.ietf.org/doc/html/rfc9728#section-3.2',
  A4: 'https://datatracker.ietf.org/doc/html/rfc9728#section-3.3',
  A5: `${AU26}/authorization-server-discovery#authorization-server-location`,
  A6: `${AU26}#scope-selection-strategy`,
  A7: `${AU26}#token-requirements`,
  A8: `${AU26}/authorization-server-discovery#authorization-server-metadata-discovery`,
  A9: 'https://datatracker.ietf.org/doc/html/rfc8414#section-3.3',
  A10: `${AU26}/security-considerations#authorization-code-protection`,
  A11: `${AU26}/security-considerations#communication-security`,
  A12: 'https://datatracker.ietf.org/doc/html/rfc8414#section-2',
  A13: `${AU26}/client-registration`,
  A14: `${AU26}/client-registration`,
  A15: `${AU26}#authorization-response-validation`,
  A16: `${AU26}#runtime-insufficient-scope-errors`,
  A17: `${AU26}#token-handling`,
  A18: 'https://datatracker.ietf.org/doc/html/rfc6750#section-3',
  A19: 'https://modelcontextprotocol.io/specification/2025-03-26/basic/authorization#server-metadata-discovery',
};

/** Links that depend on the revision in effect. */
const REVISION_LINKS: Partial<Record<AuthFindingId, Record<string, string>>> = {
  // 2025-06-18 is where MCP itself requires the 401 challenge (Authorization Server Location).
  A1: { '2025-06-18': 'https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#authorization-server-location' },
  A2: { '2025-06-18': 'https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#authorization-server-location' },
};

export function authFinding(
  id: AuthFindingId,
  severity: Severity,
  message: string,
  evidence?: string,
  revision?: string,
): Finding {
  const specUrl = (revision !== undefined ? REVISION_LINKS[id]?.[revision] : undefined) ?? AUTH_SPEC_URLS[id];
  return evidence === undefined ? { id, severity, message, specUrl } : { id, severity, message, specUrl, evidence };
}

// ---- revisions ----

export const AUTH_REVISIONS = ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const;
export type AuthRevision = (typeof AUTH_REVISIONS)[number];
export const LATEST_REVISION: AuthRevision = '2026-07-28';

/**
 * The revision whose auth rules apply. Without a negotiated version (the 401 often comes before
 * any handshake) the latest rules apply. 2024-11-05 had no auth section, and the first auth model
 * (2025-03-26) is the closest; an unknown later date gets the latest rules.
 */
export function authRevision(protocolVersion: string | undefined): AuthRevision {
  if (protocolVersion === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(protocolVersion)) return LATEST_REVISION;
  let chosen: AuthRevision = AUTH_REVISIONS[0];
  for (const rev of AUTH_REVISIONS) if (protocolVersion >= rev) chosen = rev;
  return chosen;
}

/** Revision dates compare as strings (YYYY-MM-DD). */
export function atLeast(revision: AuthRevision, min: AuthRevision): boolean {
  return revision >= min;
}
