// "Get a token", the backend half (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-flow-steps): discover again from the MCP URL (the
// browser's copy of the metadata is not trusted), refuse what MCP says a client must refuse,
// register, and build the authorization request. The browser then navigates to the URL returned.
import { randomBytes } from 'node:crypto';
import { runCheck, type CheckDeps } from '../check';
import type { CheckRunner } from '../pool/pool';
import { createPkcePair } from '../auth/pkce';
import { endpointOf } from '../auth/urls';
import { redirectUri } from './client';
import type { FlowStore } from './flows';
import { blockingProblem } from './preflight';
import { oauthOutbound, type MakeOutbound } from './http';
import { registerClient, type Registration } from './register';
import { maskUrl, noteStep, trailFromCheck, dedupe, type FlowTrail } from './trail';
import { signTrail } from './trail-sign';
import type { SignedTrail } from './callback';

export interface OAuthDeps {
  /** How the discovery check reaches the server (the same deps as any check). */
  check?: CheckDeps;
  /** What runs that check (the guard's runner: the app's worker pool); default runCheck. */
  run?: CheckRunner;
  /** How registration and token requests go out (lib/net). */
  outbound?: MakeOutbound;
  /** Where the pending sign-in waits for the callback (the app: the database). */
  flows: FlowStore;
  now?: () => number;
}

export interface StartInput {
  mcpUrl: string;
  /** The app's public origin: names the redirect URI and the CIMD client id. */
  origin: string;
  /** A pre-registered client id the person entered. */
  clientId?: string;
  /** Who asked (the guard's client key), so the pending sign-in counts against that client's bound. */
  client: string;
  /**
   * Step-up (MCP "Runtime Insufficient Scope Errors"): the trail of the sign-in before, and the scope
   * the server's 403 insufficient_scope challenge asked for. Both come from a report this app signed.
   */
  stepUp?: { previous?: FlowTrail; scope?: string; refused?: FlowTrail['steps'][number] };
}

export type StartResult =
  | {
      kind: 'redirect';
      authorizationUrl: string;
      /** Set as an HttpOnly cookie by the caller; /oauth/callback requires it back. */
      binding: string;
      registration: 'cimd' | 'dcr' | 'pre-registered';
      issuer: string;
    }
  /** `trail`: what was tried so far (discovery, the refused registration with the server's error), for the report. */
  | { kind: 'needs-client-id'; message: string; redirectUri: string; trail: SignedTrail }
  | { kind: 'error'; message: string };

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

export async function startFlow(input: StartInput, deps: OAuthDeps): Promise<StartResult> {
  const now = (deps.now ?? Date.now)();
  const report = await (deps.run ?? runCheck)({ url: input.mcpUrl }, deps.check ?? {});
  const auth = report.auth;
  if (report.verdict !== 'auth-required' || auth === undefined) {
    return { kind: 'error', message: `The server did not ask for authorization this time (${report.summary}) Run the check again to see what it answers now.` };
  }
  const problem = blockingProblem(auth, input.mcpUrl);
  const as = auth.authorizationServer;
  if (problem !== undefined || as === undefined || as.authorization_endpoint === undefined || as.token_endpoint === undefined) {
    return { kind: 'error', message: problem ?? 'The authorization server cannot be used.' };
  }

  const trail = trailFromCheck(report, input.stepUp?.previous, input.stepUp?.refused);
  const round = trail.round;
  const since = () => Math.max(0, (deps.now ?? Date.now)() - now);
  const handle = oauthOutbound(deps.outbound);
  let reg: Registration;
  try {
    const record = {
      round,
      startMs: since(),
      add: (step: FlowTrail['steps'][number], findings: FlowTrail['findings'] = []) => {
        trail.steps.push(step);
        trail.findings = dedupe([...trail.findings, ...findings]);
      },
    };
    reg = await registerClient({ as, origin: input.origin, clientId: input.clientId, now }, handle, record);
  } finally {
    await handle.close();
  }
  if (!reg.ok) return { kind: 'needs-client-id', message: reg.message, redirectUri: redirectUri(input.origin), trail: { trail, signature: signTrail(trail) } };

  // RFC 8707: the validated PRM resource; without PRM (2025-03-26 servers), the canonical MCP URL.
  const resource = auth.resourceMetadata?.resource ?? endpointOf(input.mcpUrl)?.id ?? input.mcpUrl;
  // MCP scope selection: the challenge's scope, else PRM scopes_supported (discovery chose already).
  // offline_access is the client's own choice, and this client wants no refresh token (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization#refresh-tokens).
  // Step-up asks for what it had plus what the 403 challenge names.
  const wanted = [...auth.scopes, ...(input.stepUp?.scope?.split(' ') ?? [])].filter((s) => s !== '' && s !== 'offline_access');
  const scope = [...new Set(wanted)].join(' ') || undefined;
  const pkce = createPkcePair();
  const state = random(32);
  const binding = random(32);
  const redirect = redirectUri(input.origin);

  const url = new URL(as.authorization_endpoint);
  // set(), not append(): parameters already in the endpoint URL (RFC 6749 §3.1 allows a query) give way.
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: reg.client.clientId,
    redirect_uri: redirect,
    scope,
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
    resource,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  // The browser makes this request, not the server: the row shows every parameter it carries,
  // with state masked (it guards the callback); code_challenge is a hash and may be shown.
  trail.steps.push(
    noteStep(round, 'authorize', 'authorization request', 'ok', `The browser goes to the authorization server: ${Object.entries(params)
      .filter(([k, v]) => v !== undefined && k !== 'state' && k !== 'code_challenge')
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`, since(), { request: { method: 'GET', url: maskUrl(url.toString()), headers: [] } }),
  );

  const saved = await deps.flows.save({
    state,
    binding,
    verifier: pkce.verifier,
    issuer: as.issuer,
    issRequired: as.authorization_response_iss_parameter_supported === true,
    tokenEndpoint: as.token_endpoint,
    clientId: reg.client.clientId,
    ...(reg.client.clientSecret !== undefined ? { clientSecret: reg.client.clientSecret } : {}),
    tokenAuthMethod: reg.client.tokenAuthMethod,
    redirectUri: redirect,
    resource,
    ...(scope !== undefined ? { scope } : {}),
    mcpUrl: input.mcpUrl,
    client: input.client,
    createdAt: now,
    trail,
  });
  if (!saved.ok) return { kind: 'error', message: saved.message };
  return { kind: 'redirect', authorizationUrl: url.toString(), binding, registration: reg.client.method, issuer: as.issuer };
}
