// The small page /oauth/callback answers with, the last hop of the authorization code flow
// (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-flow-steps); the token goes to the browser, never into a URL
// (RFC 6750 §5.3, https://datatracker.ietf.org/doc/html/rfc6750#section-5.3). Its only script is the static
// /oauth/callback.js (no inline code, so a nonce-based CSP needs nothing but the nonce, if any);
// the result rides in a JSON data block, which no CSP executes.
import type { CallbackOutcome } from '@/lib/signin/callback';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** JSON that cannot close its <script> element or start a comment. */
const scriptSafeJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function returnPath(mcpUrl: string): string {
  return `/?${new URLSearchParams({ url: mcpUrl, auth: '1' }).toString()}`;
}

export function handoffPage(outcome: CallbackOutcome, nonce: string | undefined): string {
  const back = outcome.mcpUrl !== undefined ? returnPath(outcome.mcpUrl) : '/';
  const title = outcome.kind === 'token' ? 'Token received' : outcome.title;
  const body =
    outcome.kind === 'token'
      ? `<p id="oauth-status">Taking you back to the check…</p>
<noscript><p>Turn on JavaScript for this app: the token is handed to the check page by script, never through a URL or a cookie.</p></noscript>`
      : `<p id="oauth-status">${escapeHtml(outcome.message)}</p>
<p><a href="${escapeHtml(back)}">Back to the check</a></p>`;
  // Only a flow we know can hand off: its tab gets the result and goes back to the same check.
  const payload =
    outcome.mcpUrl === undefined
      ? undefined
      : {
          returnTo: back,
          result: {
            ...(outcome.kind === 'token' ? { kind: 'token', token: outcome.token } : { kind: 'error', title: outcome.title, message: outcome.message }),
            // The OAuth trail (no secrets in it, signed): the check with the token shows it.
            ...(outcome.trail ? { trail: outcome.trail.trail, trailSignature: outcome.trail.signature } : {}),
          },
        };
  const nonceAttr = nonce !== undefined && /^[A-Za-z0-9+/=_-]{1,200}$/.test(nonce) ? ` nonce="${nonce}"` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · MCP Health Check</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
${payload ? `<script type="application/json" id="oauth-handoff">${scriptSafeJson(payload)}</script>\n<script src="/oauth/callback.js"${nonceAttr}></script>` : ''}
</body>
</html>
`;
}
