// Redirect rules for the outbound module, which follows redirects by hand so that every hop goes
// through the address policy again (undici's `request` follows none by itself).
import { crossesOrigins } from '../header-registry';
import type { OutboundRequest } from './types';

export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

type Method = OutboundRequest['method'];

/**
 * The method the next hop would use under the usual rules (RFC 9110 §15.4; Fetch "HTTP-redirect
 * fetch" step 12): 307/308 keep it, 303 turns everything but HEAD into GET, 301/302 turn POST into GET.
 *
 * We never follow a hop that changes the method. An MCP request is a POST whose body is the
 * JSON-RPC message; a GET without it reaches a different handler (the server's SSE stream or a 405),
 * so following would report something about a request nobody meant to send. Instead the step fails
 * with REDIRECT and says to use 307/308, which is also what real clients need to keep working.
 */
export function methodAfter(status: number, method: Method): Method {
  if (status === 307 || status === 308) return method;
  if (status === 303) return method === 'HEAD' ? 'HEAD' : 'GET';
  return method === 'POST' ? 'GET' : method;
}

/** The headers of the next hop: all of them on the same origin; on another, only those without credentials (lib/header-registry). */
export function headersForHop(headers: Record<string, string>, from: URL, to: URL): Record<string, string> {
  if (from.origin === to.origin) return headers;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (crossesOrigins(k)) out[k] = v;
  }
  return out;
}

/** "a → b → c" for messages, shortened so a long chain stays readable. */
export function chain(urls: string[]): string {
  const shown = urls.map((u) => (u.length > 80 ? `${u.slice(0, 77)}…` : u));
  return shown.join(' → ');
}
