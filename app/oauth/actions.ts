'use server';
// "Get a token": the server half runs in lib/signin; this adapter validates the input, finds the
// app's origin, and binds the flow to this browser with an HttpOnly cookie.
import { cookies, headers } from 'next/headers';
import { z } from 'zod';
import { appGuard } from '@/app/guard';
import { DbFlowStore } from '@/db/flow-store';
import { CheckRequest } from '@/lib/input';
import { appOrigin } from '@/lib/signin/client';
import { FLOW_TTL_MS } from '@/lib/signin/flows';
import { ClientIdInput } from '@/lib/signin/register';
import { startFlow } from '@/lib/signin/start';
import { stepUpFrom } from '@/lib/signin/trail';
import { verifyReport } from '@/lib/report/sign';
import { bindingCookieName } from './keys';

export type TokenFlowStart =
  | { kind: 'redirect'; authorizationUrl: string }
  /** `trail`: the signed trail so far (the refused registration row), shown on the report. */
  | { kind: 'needs-client-id'; message: string; redirectUri?: string; trail?: { trail: unknown; signature: string } }
  | { kind: 'error'; message: string; field?: 'url' };

// The URL under the same rule (and message) as a check's; the argument is whatever the browser sent.
const TokenFlowInput = z.object(
  { url: CheckRequest.shape.url, clientId: z.unknown().optional(), stepUp: z.object({ report: z.unknown(), signature: z.unknown() }).optional() },
  { error: 'Send {"url": "https://…"} to start a sign-in.' },
);

/**
 * "Get a token". It runs a whole check against the server (to discover its authorization server
 * again) and keeps a pending sign-in, so it goes through the guard like every other door: the
 * 'token' rate limit, cross-site refusal and the address policy with the app's own origins.
 */
export async function startTokenFlow(input: unknown): Promise<TokenFlowStart> {
  const parsed = TokenFlowInput.safeParse(input);
  if (!parsed.success) return { kind: 'error', message: parsed.error.issues[0]?.message ?? 'Enter the URL of an MCP server.' };
  let clientId: string | undefined;
  if (parsed.data.clientId !== undefined) {
    const id = ClientIdInput.safeParse(parsed.data.clientId);
    if (!id.success) return { kind: 'needs-client-id', message: id.error.issues[0]?.message ?? 'Enter a client ID.' };
    clientId = id.data;
  }
  const requestHeaders = await headers();
  const guard = appGuard();
  const admitted = await guard.admit({ headers: requestHeaders }, 'token');
  if (!admitted.ok) return { kind: 'error', message: admitted.error };
  const refused = await guard.target(parsed.data.url, admitted);
  if (refused) return { kind: 'error', message: refused.error, field: 'url' };
  const origin = appOrigin(requestHeaders);
  if (origin === undefined) return { kind: 'error', message: 'The app cannot tell its own address (no Host header), so it has no redirect URI. Set APP_ORIGIN.' };

  // Step-up: the scope comes from the server's challenge in a report this app signed for this URL,
  // never from what the browser says it wants.
  let stepUp: ReturnType<typeof stepUpFrom>;
  if (parsed.data.stepUp !== undefined) {
    const verified = verifyReport(parsed.data.stepUp.report, parsed.data.stepUp.signature);
    if (verified.ok && verified.report.url === parsed.data.url) stepUp = stepUpFrom(verified.report);
  }
  const started = await startFlow(
    { mcpUrl: parsed.data.url, origin, client: admitted.client, ...(clientId !== undefined ? { clientId } : {}), ...(stepUp ? { stepUp } : {}) },
    { check: admitted.engine, run: admitted.run, flows: new DbFlowStore() },
  );
  if (started.kind !== 'redirect') return started;
  const state = new URL(started.authorizationUrl).searchParams.get('state') ?? '';
  (await cookies()).set(bindingCookieName(state), started.binding, {
    httpOnly: true,
    // Lax: the authorization server sends the browser back with a top-level GET, which carries it.
    sameSite: 'lax',
    secure: origin.startsWith('https://'),
    path: '/oauth/callback',
    maxAge: FLOW_TTL_MS / 1000,
  });
  return { kind: 'redirect', authorizationUrl: started.authorizationUrl };
}
