// A token the server refused is not "no token": what its challenge said about it (RFC 6750 §3.1
// https://www.rfc-editor.org/rfc/rfc6750#section-3.1), so the headline and the AUTH callout can
// quote the server instead of asking for credentials the person already sent.
import type { AuthChallenge, AuthReport } from '../report/auth';

type Rejection = NonNullable<AuthReport['rejected']>;

const param = (c: AuthChallenge | null, name: string) => c?.params.find(([k]) => k === name)?.[1];

/**
 * `tokenSent`: the check carried an Authorization header. A 403 insufficient_scope implies a token
 * even without one (the person may have sent it in another header the server reads).
 */
export function rejectionOf(auth: Pick<AuthReport, 'status' | 'challenge'>, tokenSent: boolean): Rejection | undefined {
  const error = param(auth.challenge, 'error');
  if (!tokenSent && !(auth.status === 403 && error === 'insufficient_scope')) return undefined;
  const description = param(auth.challenge, 'error_description');
  const scope = param(auth.challenge, 'scope');
  return {
    ...(error !== undefined ? { error: error.slice(0, 100) } : {}),
    ...(description !== undefined ? { description: description.slice(0, 300) } : {}),
    ...(scope !== undefined ? { scope: scope.slice(0, 300) } : {}),
  };
}

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
