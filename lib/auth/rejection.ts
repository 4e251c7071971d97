// A token the server refused is not "no token": what its challenge said about it (RFC 6750 §3.1
// https://www.rfc-editor.org/rfc/rfc6750#section-3.1), kept in the report (`auth.rejected`) so the
// headline and the AUTH callout can quote the server (lib/report/rejection.ts words it).
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
