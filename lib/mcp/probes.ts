// Probes that add information without adding round trips: each runs beside a step the check
// makes anyway.
import type { Finding } from '../report/schema';
import { headerValue } from '../net/headers';
import { browserRequestHeaders } from '../header-registry';
import { exchange, type CheckContext, type Exchange } from './exchange';
import { finding } from './findings';
import { quote } from '../report/redact';
import type { LegacyVersion } from './protocol';
import { sendInitialize, type LegacyFacts } from './legacy';
import { mediaType } from './sse';

/** A browser-based client's origin, used only for the CORS preflight (no MCP request carries Origin). */
export const PROBE_ORIGIN = 'https://mcp-health.invalid';

/** What browser-based clients of each era send (lib/header-registry), which a preflight must allow. */
const CORS_HEADERS = { modern: browserRequestHeaders('modern'), legacy: browserRequestHeaders('legacy') };

/**
 * CORS preflight with the MCP headers of both eras (best practice only: no MCP normative text;
 * Fetch standard §CORS protocol, https://fetch.spec.whatwg.org/#http-cors-protocol). Sent at the start, beside the era probes, and
 * judged once the era is known.
 */
export function sendCorsPreflight(ctx: CheckContext, url: string): Promise<Exchange> {
  const all = [...new Set([...CORS_HEADERS.legacy, ...CORS_HEADERS.modern])];
  return exchange(ctx, {
    stepId: 'cors-preflight',
    name: 'OPTIONS (CORS preflight)',
    method: 'OPTIONS',
    url,
    headers: { origin: PROBE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': all.join(', ') },
    headersOnly: true,
  });
}

export function judgeCors(x: Exchange, era: 'modern' | 'legacy' | undefined, findings: Finding[], protectedServer: boolean): void {
  if (x.status === undefined || !era) {
    x.step.status = 'info';
    if (!era) x.step.notes = 'not judged: no MCP answer';
    return;
  }
  const wanted = CORS_HEADERS[era];
  const allowOrigin = headerValue(x.headers, 'access-control-allow-origin');
  if (x.status < 200 || x.status >= 300 || !allowOrigin) {
    x.step.status = 'info';
    x.step.notes = `HTTP ${x.status}${allowOrigin ? '' : ', no Access-Control-Allow-Origin'}: browser-based clients cannot call this server`;
    findings.push(finding('C1', 'The CORS preflight is refused: MCP clients running in a browser cannot connect (best practice, not required by MCP).', { stepId: x.step.id }));
    return;
  }
  const allowed = (headerValue(x.headers, 'access-control-allow-headers') ?? '').toLowerCase();
  const list = allowed.split(',').map((s) => s.trim());
  // "*" never covers Authorization (Fetch standard, CORS-preflight fetch): it must be listed by name.
  const missing = wanted.filter((h) => !list.includes(h) && !(list.includes('*') && h !== 'authorization'));
  if (missing.length) {
    x.step.status = 'warn';
    x.step.notes = `Preflight allows the origin but not ${missing.join(', ')}`;
    findings.push(
      finding('C3', `The CORS preflight does not allow the headers ${missing.join(', ')}, which browser clients must send${list.includes('*') ? ' ("*" does not cover authorization)' : ''}.`, { stepId: x.step.id }),
    );
  } else {
    x.step.notes = `Browser clients allowed (origin ${quote(allowOrigin)})`;
  }
  const exposed = headerValue(x.headers, 'access-control-expose-headers');
  if (exposed !== undefined) {
    const list = exposed.toLowerCase().split(',').map((s) => s.trim());
    // WWW-Authenticate matters only for a server that asks for credentials.
    const need = [...(era === 'legacy' ? ['mcp-session-id'] : []), ...(protectedServer ? ['www-authenticate'] : [])];
    const lacking = list.includes('*') ? [] : need.filter((h) => !list.includes(h));
    if (lacking.length) {
      findings.push(finding('C2', `Access-Control-Expose-Headers lacks ${lacking.join(', ')}: browser clients cannot read it.`, { stepId: x.step.id }));
    }
  }
}

/**
 * The optional standalone GET stream (2025-11-25 §Listening for Messages from the Server,
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server): either an event
 * stream or 405 is fine. Only the status and headers are read; the stream is closed at once.
 */
export async function getStreamProbe(ctx: CheckContext, url: string, facts: LegacyFacts, findings: Finding[]): Promise<void> {
  const x = await exchange(ctx, {
    stepId: 'get-stream',
    name: 'GET (server stream)',
    era: 'legacy',
    method: 'GET',
    url,
    headers: { accept: 'text/event-stream', 'mcp-protocol-version': facts.protocolVersion, ...(facts.sessionId ? { 'mcp-session-id': facts.sessionId } : {}) },
    headersOnly: true,
  });
  if (x.status === undefined) return;
  const type = mediaType(headerValue(x.headers, 'content-type'));
  if (x.status === 405) {
    x.step.status = 'info';
    x.step.notes = '405: no server-initiated stream (allowed)';
  } else if (x.status >= 200 && x.status < 300 && type === 'text/event-stream') {
    x.step.notes = 'event stream opened (closed again by the check)';
  } else {
    // "The server MUST either return Content-Type: text/event-stream … or else return HTTP 405": a
    // broken MUST, though clients that never open the stream connect fine (the verdict says that).
    x.step.status = 'error';
    x.step.notes = `HTTP ${x.status}${type ? ` ${type}` : ''}: expected an event stream or 405`;
    findings.push(finding('T12', `GET on the endpoint answered HTTP ${x.status}${type ? ` ${type}` : ''}; it must be an event stream or 405.`, { stepId: x.step.id }));
  }
}

/**
 * Would a client that only knows `version` get in? Asked beside ping/tools/list, only when the
 * answer is not already known (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation: the server answers the offered version or another it
 * supports). Any session it opens is ended.
 */
export async function olderClientProbe(ctx: CheckContext, url: string, version: LegacyVersion): Promise<{ accepted: boolean; answered?: string }> {
  const x = await sendInitialize(ctx, url, version, { stepId: `initialize ${version}`, name: `initialize (as a ${version} client)`, id: `compat-${version}` });
  const result = x.match?.kind === 'result' ? (x.match.result as { protocolVersion?: unknown }) : undefined;
  const answered = typeof result?.protocolVersion === 'string' ? result.protocolVersion : undefined;
  const accepted = answered === version;
  x.step.status = 'info';
  x.step.notes = answered ? (accepted ? `${version} clients are accepted` : `answered ${answered}: a ${version}-only client would disconnect`) : `no initialize result for a ${version} client`;
  const session = headerValue(x.headers, 'mcp-session-id');
  if (session) {
    await exchange(ctx, {
      stepId: `delete ${version}`,
      name: 'DELETE session (compat probe)',
      era: 'legacy',
      method: 'DELETE',
      url,
      headers: { 'mcp-session-id': session, 'mcp-protocol-version': answered ?? version },
    }).then((d) => {
      d.step.status = 'info';
      d.step.notes = `HTTP ${d.status ?? '—'}`;
    });
  }
  return { accepted, ...(answered ? { answered } : {}) };
}

