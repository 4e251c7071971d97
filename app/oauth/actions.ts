'use server';
// "Get a token": the server half runs in lib/oauth; this adapter validates the input, finds the
// app's origin, and binds the flow to this browser with an HttpOnly cookie.
import { cookies, headers } from 'next/headers';
import { CheckRequest } from '@/lib/input';
import { engineDeps } from '@/lib/deps';
import { appOrigin } from '@/lib/oauth/client';
import { FLOW_TTL_MS } from '@/lib/oauth/flows';
import { ClientIdInput } from '@/lib/oauth/register';
import { startFlow } from '@/lib/oauth/start';
import { bindingCookieName } from './keys';

export type TokenFlowStart =
  | { kind: 'redirect'; authorizationUrl: string }
  | { kind: 'needs-client-id'; message: string; redirectUri?: string }
  | { kind: 'error'; message: string };

export async function startTokenFlow(input: { url: string; clientId?: string }): Promise<TokenFlowStart> {
  const url = CheckRequest.shape.url.safeParse(input.url);
  if (!url.success) return { kind: 'error', message: url.error.issues[0]?.message ?? 'Enter the URL of an MCP server.' };
  let clientId: string | undefined;
  if (input.clientId !== undefined) {
    const id = ClientIdInput.safeParse(input.clientId);
    if (!id.success) return { kind: 'needs-client-id', message: id.error.issues[0]?.message ?? 'Enter a client ID.' };
    clientId = id.data;
  }
  const origin = appOrigin(await headers());
  if (origin === undefined) return { kind: 'error', message: 'The app cannot tell its own address (no Host header), so it has no redirect URI. Set APP_ORIGIN.' };

  const started = await startFlow({ mcpUrl: url.data, origin, ...(clientId !== undefined ? { clientId } : {}) }, { check: engineDeps() });
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
