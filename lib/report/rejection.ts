// How a refused token reads in the report: the headline and the AUTH callout quote what the
// server's challenge said about it (RFC 6750 §3.1 https://www.rfc-editor.org/rfc/rfc6750#section-3.1)
// instead of asking for credentials the person already sent. lib/auth/rejection.ts reads it off the
// challenge; this is the wording, part of the report contract like the rest of lib/report.
import type { AuthReport } from './auth';

type Rejection = NonNullable<AuthReport['rejected']>;

/** "invalid_token (“The access token expired”)", or a plain fallback when the server named nothing. */
export function describeRejection(r: Rejection, status: number): string {
  if (r.error === undefined) return `HTTP ${status}, with no error code in its challenge`;
  const said = r.description ? ` (“${r.description}”)` : '';
  return `${r.error}${said}`;
}

/** The headline for an auth-required report whose token was refused. */
export function rejectionSentence(r: Rejection, status: number): string {
  if (r.error === 'insufficient_scope') {
    const need = r.scope ? `it needs the scope “${r.scope}”` : 'it did not say which scope it needs';
    return `The token lacks a scope: the server answered ${status} ${describeRejection(r, status)}, and ${need}. Get a token with that scope.`;
  }
  return `The server rejected the token: ${describeRejection(r, status)}. Get a new token or paste another, and check again.`;
}
