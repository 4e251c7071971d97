// The authorization findings catalogue (A1–A19): default severities and the spec section each rule
// comes from, plus the revision rules that change their grading. Call sites grade per revision by
// passing `severity`; links that differ per revision are in `specUrlByRevision`.
import { findingsFrom, type Rule } from '../report/finding';

const AU26 = 'https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization';
// 2025-06-18 is where MCP itself requires the 401 challenge (Authorization Server Location).
const AU0618_LOCATION = { '2025-06-18': 'https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#authorization-server-location' };

export const AUTH_RULES = {
  A1: { severity: 'error', specUrl: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2', specUrlByRevision: AU0618_LOCATION },
  A2: {
    severity: 'error',
    specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#protected-resource-metadata-discovery-requirements',
    specUrlByRevision: AU0618_LOCATION,
  },
  A3: { severity: 'error', specUrl: 'https://datatracker.ietf.org/doc/html/rfc9728#section-3.2' },
  A4: { severity: 'error', specUrl: 'https://datatracker.ietf.org/doc/html/rfc9728#section-3.3' },
  A5: { severity: 'error', specUrl: `${AU26}/authorization-server-discovery#authorization-server-location` },
  A6: { severity: 'info', specUrl: `${AU26}#scope-selection-strategy` },
  A7: { severity: 'warning', specUrl: `${AU26}#token-requirements` },
  A8: { severity: 'error', specUrl: `${AU26}/authorization-server-discovery#authorization-server-metadata-discovery` },
  A9: { severity: 'error', specUrl: 'https://datatracker.ietf.org/doc/html/rfc8414#section-3.3' },
  A10: { severity: 'error', specUrl: `${AU26}/security-considerations#authorization-code-protection` },
  A11: { severity: 'error', specUrl: `${AU26}/security-considerations#communication-security` },
  A12: { severity: 'error', specUrl: 'https://datatracker.ietf.org/doc/html/rfc8414#section-2' },
  A13: { severity: 'warning', specUrl: `${AU26}/client-registration` },
  A14: { severity: 'info', specUrl: `${AU26}/client-registration` },
  A15: { severity: 'info', specUrl: `${AU26}#authorization-response-validation` },
  A16: { severity: 'warning', specUrl: `${AU26}#runtime-insufficient-scope-errors` },
  A17: { severity: 'error', specUrl: `${AU26}#token-handling` },
  A18: { severity: 'warning', specUrl: 'https://datatracker.ietf.org/doc/html/rfc6750#section-3' },
  A19: { severity: 'error', specUrl: 'https://modelcontextprotocol.io/specification/2025-03-26/basic/authorization#server-metadata-discovery' },
  // Seen along the token flow (lib/signin/trail-findings.ts).
  A20: { severity: 'info', specUrl: 'https://www.rfc-editor.org/rfc/rfc9207#section-2' },
  A21: { severity: 'warning', specUrl: 'https://www.rfc-editor.org/rfc/rfc6749#section-3.3' },
  A22: { severity: 'error', specUrl: `${AU26}#token-requirements` },
  A23: { severity: 'error', specUrl: 'https://www.rfc-editor.org/rfc/rfc8707#section-2' },
  A24: { severity: 'info', specUrl: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.2.2' },
  A25: { severity: 'error', specUrl: `${AU26}/client-registration` },
  A26: { severity: 'error', specUrl: 'https://www.rfc-editor.org/rfc/rfc8252#section-7.3' },
} satisfies Record<string, Rule>;

export type AuthFindingId = keyof typeof AUTH_RULES;

export const authFinding = findingsFrom(AUTH_RULES);

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
