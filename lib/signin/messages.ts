// Plain-words explanations of OAuth errors, each with what to try next.
import { z } from 'zod';

const OAuthErrorBody = z.object({
  error: z.string().min(1).max(200),
  error_description: z.string().max(1000).optional(),
});

/** "invalid_grant: the code expired" from an RFC 6749 §5.2 error body, else the HTTP status. */
export function oauthErrorText(json: unknown, status: number): string {
  const e = OAuthErrorBody.safeParse(json);
  if (!e.success) return `HTTP ${status}`;
  return e.data.error_description ? `${e.data.error}: ${e.data.error_description}` : e.data.error;
}

export function oauthErrorCode(json: unknown): string | undefined {
  const e = OAuthErrorBody.safeParse(json);
  return e.success ? e.data.error : undefined;
}

export interface Explained {
  title: string;
  message: string;
}

const AGAIN = 'Click “Get a token” to start again, or paste a token instead.';

/** An `error=` on the authorization response (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 8707 §2). */
export function authorizationError(code: string, description: string | undefined): Explained {
  const said = description?.trim().slice(0, 300);
  const detail = said ? ` The authorization server said: “${said}${/[.!?]$/.test(said) ? '' : '.'}”` : '';
  switch (code) {
    case 'access_denied':
      return { title: 'Sign-in cancelled', message: `The sign-in was cancelled or refused at the authorization server, so no token was issued.${detail} ${AGAIN}` };
    case 'invalid_scope':
      return { title: 'Scopes refused', message: `The authorization server refused the requested scopes.${detail} Ask the server's operator which scopes a client should request, or paste a token.` };
    case 'invalid_target':
      return { title: 'Resource refused', message: `The authorization server will not issue tokens for this MCP server's resource identifier (RFC 8707).${detail} The server's metadata and its authorization server disagree; paste a token if you have one.` };
    case 'unauthorized_client':
    case 'invalid_client':
      return { title: 'Client not accepted', message: `The authorization server does not accept this app as a client.${detail} ${AGAIN}` };
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
      return { title: 'Sign-in needed', message: `The authorization server needs you to sign in or consent, and could not ask.${detail} ${AGAIN}` };
    case 'server_error':
    case 'temporarily_unavailable':
      return { title: 'Authorization server unavailable', message: `The authorization server had a problem and issued no token.${detail} Try again in a moment.` };
    default:
      return { title: 'Authorization failed', message: `The authorization server answered with the error “${code.slice(0, 80)}”.${detail} ${AGAIN}` };
  }
}
