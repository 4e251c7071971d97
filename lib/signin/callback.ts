// The authorization response, the backend half (RFC 6749 §4.1.2, https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2): check `state` and the browser
// binding, then `iss` (RFC 9207), only then look at `error`, and redeem the code at the token
// endpoint through lib/net. The token is returned to the caller for the browser and kept nowhere.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FlowRecord, FlowStore } from './flows';
import { oauthOutbound, type HttpAnswer, type MakeOutbound } from './http';
import type { Step } from '../report/schema';
import { dedupe, maskUrl, noteStep, recordedPost, scrubTrail, type FlowTrail } from './trail';
import { issFinding, tokenFindings } from './trail-findings';
import { signTrail } from './trail-sign';
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

/** The trail of this sign-in, signed so the check with the token (or the report restored after an error) can carry it. */
export interface SignedTrail {
  trail: FlowTrail;
  signature: string;
}

export type CallbackOutcome =
  | { kind: 'token'; mcpUrl: string; token: TokenHandoff; trail?: SignedTrail }
  | ({ kind: 'error'; mcpUrl?: string; trail?: SignedTrail } & Explained);

// RFC 6749 §5.1. expires_in is a number, but some servers send a numeric string.
const TokenAnswer = z.object({
  access_token: z.string().min(1).max(16 * 1024),
  token_type: z.string(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  scope: z.string().max(2000).optional(),
  refresh_token: z.string().optional(),
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
  const now = (deps.now ?? Date.now)();
  const trail: FlowTrail = rec.trail ?? { round: 1, steps: [], findings: [] };
  const since = () => Math.max(0, (deps.now ?? Date.now)() - rec.createdAt);
  // The authorization response as it reached the redirect URI (RFC 6749 §4.1.2), code and state masked.
  const back = new URL(rec.redirectUri);
  for (const [k, v] of Object.entries(q)) if (v !== undefined) back.searchParams.set(k, v);
  const callback = noteStep(trail.round, 'callback', 'authorization response', 'ok', '', Math.max(0, now - rec.createdAt), {
    request: { method: 'GET', url: maskUrl(back.toString()), headers: [] },
  });
  trail.steps.push(callback);
  const iss = issFinding(q.iss, rec.issuer, rec.issRequired, callback.id);
  if (iss) trail.findings = dedupe([...trail.findings, iss]);
  const finish = (outcome: CallbackOutcome, secrets: Array<string | undefined> = []): CallbackOutcome => {
    const clean = scrubTrail(trail, [q.code, q.state, rec.verifier, rec.clientSecret, rec.binding, ...secrets]);
    return { ...outcome, trail: { trail: clean, signature: signTrail(clean) } };
  };
  const fail = (status: Step['status'], notes: string) => {
    callback.status = status;
    callback.notes = notes;
  };

  // RFC 9207 §2.4; MCP 2026-07-28 "Authorization Response Validation": exact comparison, and on a
  // mismatch neither redeem the code nor show the error values (they may come from an attacker).
  if (q.iss !== undefined ? q.iss !== rec.issuer : rec.issRequired) {
    const seen = q.iss === undefined ? 'no iss parameter, although it says it always sends one' : `iss “${q.iss.slice(0, 200)}”`;
    fail('error', `Discarded: ${seen}, expected ${rec.issuer} (RFC 9207)`);
    return finish({
      kind: 'error',
      mcpUrl,
      title: 'Answer from the wrong server',
      message: `The answer carried ${seen}, but this sign-in was sent to ${rec.issuer}. It was discarded to protect against authorization-server mix-up (RFC 9207). ${START_AGAIN}`,
    });
  }
  if (q.error !== undefined) {
    if (q.error === 'invalid_client' || q.error === 'unauthorized_client') forgetRegistration(rec.issuer, rec.clientId);
    fail('error', `error=${q.error.slice(0, 100)}${q.error_description ? `: ${q.error_description.slice(0, 300)}` : ''}`);
    return finish({ kind: 'error', mcpUrl, ...authorizationError(q.error, q.error_description) });
  }
  if (!q.code) {
    fail('error', 'No code and no error in the answer');
    return finish({ kind: 'error', mcpUrl, title: 'No code', message: `The authorization server sent you back without an authorization code. ${START_AGAIN}` });
  }
  callback.notes = `code received; state matches${q.iss !== undefined ? `; iss ${q.iss.slice(0, 200)} matches` : '; no iss'}`;
  const outcome = await redeem(rec, q.code, deps.outbound, trail, since);
  return finish(outcome, outcome.kind === 'token' ? [outcome.token.access_token] : []);
}

async function redeem(rec: FlowRecord, code: string, make: MakeOutbound | undefined, trail: FlowTrail, since: () => number): Promise<CallbackOutcome> {
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
  let step: Step;
  try {
    const row = { round: trail.round, id: 'token', name: 'token request', startMs: since() };
    ({ answer, step } = await recordedPost(handle, row, rec.tokenEndpoint, { 'content-type': 'application/x-www-form-urlencoded', ...headers }, new URLSearchParams(form).toString()));
  } finally {
    await handle.close();
  }
  trail.steps.push(step);
  if (!answer.ok) {
    return {
      kind: 'error',
      mcpUrl,
      title: 'Token endpoint unreachable',
      message: `The code could not be exchanged for a token: ${answer.message} Check that ${new URL(rec.tokenEndpoint).host} is up, then click “Get a token” again.`,
    };
  }
  if (answer.status !== 200) {
    step.status = 'error';
    step.notes = `HTTP ${answer.status}: ${oauthErrorText(answer.json, answer.status)}`;
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
    step.status = 'error';
    step.notes = 'HTTP 200, but no JSON object with access_token and token_type (RFC 6749 §5.1)';
    return { kind: 'error', mcpUrl, title: 'Unreadable token answer', message: 'The token endpoint answered 200, but not with a JSON object holding access_token and token_type (RFC 6749 §5.1). Paste a token instead.' };
  }
  const t = parsed.data;
  const seen = tokenFindings(
    { tokenType: t.token_type, accessToken: t.access_token, ...(t.scope !== undefined ? { scope: t.scope } : {}), ...(t.expires_in !== undefined ? { expiresIn: t.expires_in } : {}), refreshToken: t.refresh_token !== undefined },
    { ...(rec.scope !== undefined ? { scope: rec.scope } : {}), resource: rec.resource },
    step.id,
  );
  step.notes = seen.notes;
  trail.findings = dedupe([...trail.findings, ...seen.findings]);
  if (seen.findings.some((f) => f.severity === 'error')) step.status = 'warn';
  if (t.token_type.toLowerCase() !== 'bearer') {
    step.status = 'error';
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
