// GET /oauth/callback: where the authorization server sends the browser back (redirect URI).
// The answer carries the access token in its body for the tab that asked, so it is never cached,
// never referred onwards, and never logged.
import type { NextRequest } from 'next/server';
import { DbFlowStore } from '@/db/flow-store';
import { completeFlow, type CallbackQuery } from '@/lib/signin/callback';
import { bindingCookieName } from '../keys';
import { handoffPage } from './handoff-page';

export const dynamic = 'force-dynamic';

const PARAMS = ['state', 'code', 'iss', 'error', 'error_description'] as const;

export async function GET(request: NextRequest): Promise<Response> {
  const sp = request.nextUrl.searchParams;
  const q: CallbackQuery = {};
  for (const name of PARAMS) {
    const values = sp.getAll(name);
    // RFC 6749 §3.1: parameters must not be repeated; a repeated state or code is not ours to pick from.
    if (values.length === 1 && values[0] !== undefined) q[name] = values[0];
    else if (values.length > 1 && (name === 'state' || name === 'code' || name === 'iss')) {
      q.state = undefined;
      break;
    }
  }
  const cookieName = q.state !== undefined ? bindingCookieName(q.state) : undefined;
  const binding = cookieName !== undefined ? request.cookies.get(cookieName)?.value : undefined;
  // The pending sign-in waits in the database, so this works on any instance.
  const outcome = await completeFlow(q, binding, { flows: new DbFlowStore() });

  const res = new Response(handoffPage(outcome, request.headers.get('x-nonce') ?? undefined), {
    status: outcome.kind === 'token' ? 200 : 400,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  });
  if (cookieName !== undefined) {
    res.headers.append('set-cookie', `${cookieName}=; Path=/oauth/callback; Max-Age=0; HttpOnly; SameSite=Lax`);
  }
  return res;
}
