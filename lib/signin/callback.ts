// The authorization response, the backend half (RFC 6749 §4.1.2, https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2): check `state` and the browser
// binding, then `iss` (RFC 9207), only then look at `error`, and redeem the code at the token
// endpoint through lib/net. The token is returned to the caller for the browser and kept nowhere.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FlowRecord, FlowStore } from './flows';
import { oauthOutbound, postForm, type HttpAnswer, type MakeOutbound } from './http';
import { authorizationError, oauthErrorCode, oauthErrorText, type Explained } from './messages';
import { forgetRegistration } from './register';

export interface CallbackQuery {
  state?: string;
  code?: string;
  iss?: string;
  error?: string;
  error_description?: string;
}

/** What the browser tab receives ; no refresh token, ever (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization#refresh-tokens). */
export interface TokenHandoff {
  access_token: string;
  token_type: 'Bearer';
  expires_in?: number;
  scope?: string;
  resource: string;
  issuer: string;
}

export type CallbackOutcome =
  | { kind: 'token'; mcpUrl: string; token: TokenHandoff }
  | ({ kind: 'error'; mcpUrl?: string } & Explained);

// RFC 6749 §5.1. expires_in is a number, but some servers send a numeric string.
const TokenAnswer = z.object({
  access_token: z.string().min(1).max(16 * 1024),
  token_type: z.string(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  scope: z.string().max(2000).optional(),
});

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const START_AGAIN = 'Go back to the check and click “Get a token” again.';

export async function completeFlow(
  q: CallbackQuery,
  binding: string | undefined,
  deps: { flows: FlowStore; outbound?: MakeOutbound; now?: () => number },
): Promise<CallbackOutcome> {
  // RFC 6749 §10.12: a response without our state, or with one we did not issue, is discarded.
  const rec = q.state ? await deps.flows.take(q.state, (deps.now ?? Date.now)()) : undefined;
  if (rec === undefined) {
    return {
      kind: 'error',
      title: 'Sign-in not recognised',
      message: `This answer from the authorization server does not match a sign-in started here, or it came too late: a sign-in is valid for 10 minutes and can be used once. ${START_AGAIN}`,
    };
  }
  const mcpUrl = rec.mcpUrl;
  if (binding === undefined || !sameString(binding, rec.binding)) {
    return {
      kind: 'error',
      mcpUrl,
      title: 'Sign-in started elsewhere',
      message: `This sign-in was started in another browser (or its cookie was blocked), so its code is not redeemed here. ${START_AGAIN}`,
    };
  }
  // RFC 9207 §2.4; MCP 2026-07-28 "Authorization Response Validation": exact comparison, and on a
  // mismatch neither redeem the code nor show the error values (they may come from an attacker).
  if (q.iss !== undefined ? q.iss !== rec.issuer : rec.issRequired) {
    const seen = q.iss === undefined ? 'no iss parameter, although it says it always sends one' : `iss “${q.iss.slice(0, 200)}”`;
    return {
      kind: 'error',
      mcpUrl,
      title: 'Answer from the wrong server',
      message: `The answer carried ${seen}, but this sign-in was sent to ${rec.issuer}. It was discarded to protect against authorization-server mix-up (RFC 9207). ${START_AGAIN}`,
    };
  }
  if (q.error !== undefined) {
    if (q.error === 'invalid_client' || q.error === 'unauthorized_client') forgetRegistration(rec.issuer, rec.clientId);
    return { kind: 'error', mcpUrl, ...authorizationError(q.error, q.error_description) };
  }
  if (!q.code) {
    return { kind: 'error', mcpUrl, title: 'No code', message: `The authorization server sent you back without an authorization code. ${START_AGAIN}` };
  }
  return redeem(rec, q.code, deps.outbound);
}

async function redeem(rec: FlowRecord, code: string, make: MakeOutbound | undefined): Promise<CallbackOutcome> {
  const mcpUrl = rec.mcpUrl;
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: rec.redirectUri,
    code_verifier: rec.verifier,
    // RFC 8707 §2.2: the same resource again, so the token's audience is this MCP server.
    resource: rec.resource,
  };
  const headers: Record<string, string> = {};
  if (rec.tokenAuthMethod === 'client_secret_basic' && rec.clientSecret !== undefined) {
    // RFC 6749 §2.3.1: form-urlencode each part before joining them.
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.authorization = `Basic ${Buffer.from(`${enc(rec.clientId)}:${enc(rec.clientSecret)}`).toString('base64')}`;
  } else {
    form.client_id = rec.clientId;
    if (rec.tokenAuthMethod === 'client_secret_post' && rec.clientSecret !== undefined) form.client_secret = rec.clientSecret;
  }

  const handle = oauthOutbound(make);
  let answer: HttpAnswer;
  try {
    answer = await postForm(handle, rec.tokenEndpoint, form, headers);
  } finally {
    await handle.close();
  }
  if (!answer.ok) {
    return {
      kind: 'error',
      mcpUrl,
      title: 'Token endpoint unreachable',
      message: `The code could not be exchanged for a token: ${answer.message} Check that ${new URL(rec.tokenEndpoint).host} is up, then click “Get a token” again.`,
    };
  }
  if (answer.status !== 200) {
    if (oauthErrorCode(answer.json) === 'invalid_client') forgetRegistration(rec.issuer, rec.clientId);
    return {
      kind: 'error',
      mcpUrl,
      title: 'Token request refused',
      message: `The token endpoint refused the code (${oauthErrorText(answer.json, answer.status)}). Codes are single-use and expire within minutes: click “Get a token” to start again.`,
    };
  }
  const parsed = TokenAnswer.safeParse(answer.json);
  if (!parsed.success) {
    return { kind: 'error', mcpUrl, title: 'Unreadable token answer', message: 'The token endpoint answered 200, but not with a JSON object holding access_token and token_type (RFC 6749 §5.1). Paste a token instead.' };
  }
  const t = parsed.data;
  if (t.token_type.toLowerCase() !== 'bearer') {
    // MCP sends tokens as Bearer only; a DPoP- or otherwise-bound token would fail at the server.
    return { kind: 'error', mcpUrl, title: 'Unusable token type', message: `The token endpoint issued a “${t.token_type.slice(0, 40)}” token; this checker can only send Bearer tokens.` };
  }
  return {
    kind: 'token',
    mcpUrl,
    token: {
      access_token: t.access_token,
      token_type: 'Bearer',
      ...(t.expires_in !== undefined ? { expires_in: t.expires_in } : {}),
      ...(t.scope !== undefined ? { scope: t.scope } : {}),
      resource: rec.resource,
      issuer: rec.issuer,
    },
  };
}
