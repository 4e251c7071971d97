// What MCP says stops a client before it starts a sign-in (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-code-protection,
// #communication-security, #canonical-server-uri), in words a person
// can act on. Pure, so the callout can say it before the button is pressed and the server can
// insist on it after.
import type { AuthReport } from '../report/auth';
import { isPlainHttpRemote } from '../auth/urls';

/** http(s) only, and https unless the host is loopback (MCP 2026-07-28 "Communication Security"). */
function endpointProblem(name: string, url: string | undefined): string | undefined {
  if (url === undefined) return `The authorization server's metadata has no ${name}, so the authorization code flow cannot run.`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `The authorization server's ${name} (${url.slice(0, 200)}) is not a valid URL.`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `The authorization server's ${name} is not a web address (${u.protocol}).`;
  if (isPlainHttpRemote(url)) return `The authorization server's ${name} uses plain http (${url}). MCP requires https there, and a code or token must not travel unencrypted.`;
  return undefined;
}

export function blockingProblem(auth: AuthReport, mcpUrl: string): string | undefined {
  const as = auth.authorizationServer;
  if (as === undefined) {
    return 'No authorization server could be found for this MCP server (see the discovery trail), so there is nowhere to get a token from. If you have a token, paste it instead.';
  }
  if (auth.resourceMatch === 'error') {
    return `The server's metadata names the resource “${auth.resourceMetadata?.resource ?? '?'}”, which is not ${mcpUrl}. A token issued for that resource must not be sent here (RFC 9728 §3.3); the server's operator needs to fix its metadata.`;
  }
  const methods = as.code_challenge_methods_supported;
  // The 2025-03-26 default endpoints come with no document to advertise anything; that revision
  // requires PKCE of every client, so S256 is sent regardless.
  if (auth.authorizationServerSource !== 'legacy-defaults' && (methods === undefined || !methods.includes('S256'))) {
    return 'The authorization server does not advertise PKCE with S256 (code_challenge_methods_supported), and MCP clients must not continue without it. Paste a token if you have one.';
  }
  return endpointProblem('authorization_endpoint', as.authorization_endpoint) ?? endpointProblem('token_endpoint', as.token_endpoint);
}
