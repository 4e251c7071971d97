// Turns a recorded exchange into "the result" or a step error a person can act on, and notes the
// transport-level deviations it shows (findings T1–T5 and T15 in ./findings, each with its spec link), including those in messages that
// arrived before the response on an event stream.
import type { Finding, Severity, StepError } from '../report/schema';
import { headerValue } from '../net/headers';
import type { Exchange } from './exchange';
import { finding, type RuleId } from './findings';
import { describeError, type JsonRpcErrorObject } from './jsonrpc';
import { mediaType } from './sse';
import { MODERN_ERROR_CODES, MODERN_VERSION } from './protocol';
import { quote } from '../report/redact';

export type Interpreted =
  | { ok: true; result: unknown }
  | { ok: false; error: StepError; rpcError?: JsonRpcErrorObject; status?: number };

/** Is this a 401, or a 403 carrying a Bearer challenge (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#error-handling)? */
export function needsAuth(x: Exchange): boolean {
  if (x.status === 401) return true;
  if (x.status === 403) {
    const challenge = headerValue(x.headers, 'www-authenticate') ?? '';
    return /(^|[\s,])bearer(\s|$)/i.test(challenge);
  }
  return false;
}

function firstBytes(body: string): string {
  const s = body.replace(/\s+/g, ' ').trim();
  return quote(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

/**
 * A non-2xx body in words. An HTML error page is named as one, with its title, never pasted raw:
 * markup in a note tells the reader nothing and looks like our own page broke.
 */
export function describeBody(body: string, contentType: string | undefined): string {
  const head = body.slice(0, 4096);
  if (contentType === 'text/html' || /^\s*(<!doctype html|<html[\s>])/i.test(head)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1]?.replace(/\s+/g, ' ').trim();
    return title ? `, an HTML page (title: ${quote(title.length > 80 ? `${title.slice(0, 80)}…` : title)})` : ', an HTML page';
  }
  return `: ${firstBytes(body)}`;
}

/** The JSON-RPC error carried by a non-2xx body, if any (servers often explain a 400 this way). */
export function bodyRpcError(x: Exchange): JsonRpcErrorObject | undefined {
  const m = x.match ?? x.read?.mismatch;
  if (m?.kind === 'error') return m.error;
  return undefined;
}

/**
 * Interpret an exchange and push the findings it shows. Call it once per exchange (its reader does:
 * readDiscover, readInitialize, the listings, or the runner that labels a probe's step): a second
 * call would push the same findings again.
 */
export function interpret(x: Exchange, findings: Finding[]): Interpreted {
  const stdio = x.transport === 'stdio';
  // Over stdio there is no status and no media type: every line is one JSON-RPC message (2026-07-28
  // basic/transports/stdio). What the other messages on the channel say is read below either way.
  const failed = stdio ? undefined : interpretHttp(x, findings);
  if (failed) return failed;
  const status = x.status;
  const ct = stdio ? undefined : mediaType(headerValue(x.headers, 'content-type'));
  // One channel carries every message (stdio), like one event stream carries one request's.
  const channel = stdio || ct === 'text/event-stream';
  const stepId = x.step.id;
  const sent = JSON.stringify(requestId(x) ?? null);
  // Every message that arrived besides the response counts, even when the response came after it.
  const others = [...(x.read?.others ?? []), ...(x.resumed ?? []).flatMap((g) => g.read?.others ?? [])];
  const reported = new Set<string>();
  const once = (id: RuleId, message: string, severity?: Severity) => {
    if (reported.has(id)) return;
    reported.add(id);
    findings.push(finding(id, message, { stepId, ...(severity ? { severity } : {}), ...(id === 'T24' && x.step.era === 'modern' ? { revision: MODERN_VERSION } : {}) }));
  };
  const modern = x.step.era === 'modern';
  for (const o of others) {
    if (o.kind === 'invalid') {
      once(o.problem === 'batch' ? 'T15' : o.problem === 'error-object' ? 'T4' : o.problem === 'not-json' ? 'T5' : o.problem === 'stdout-not-json' ? 'T24' : 'T2', `The server sent ${o.reason}.`);
    } else if ((o.kind === 'result' || (o.kind === 'error' && o.id !== null)) && channel) {
      // The stream carries the response to this request (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server);
      // on stdio responses are "correlated by JSON-RPC id" (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#receiving-messages):
      // a response with an id no request carries is a finding.
      once('T3', `The ${stdio ? 'server' : 'event stream'} sent a response with id ${JSON.stringify(o.id)}, but the request had id ${sent}.`);
    } else if (o.kind === 'request' && modern) {
      // 2026-07-28: server-to-client needs come back as input_required results, never as requests.
      once('T14', `The server sent a ${o.method} request ${stdio ? 'on stdout to' : 'on'} a ${MODERN_VERSION} ${stdio ? 'client' : 'response stream'}, where servers must not send requests.`, 'error');
    } else if (o.kind === 'request' && o.method !== 'ping') {
      // The checker declares no client capabilities, so sampling, elicitation and roots were never offered.
      once('T14', `The server sent a ${o.method} request although the checker declared no client capabilities.`);
    } else if (o.kind === 'notification' && modern && o.method === 'notifications/message') {
      once('M13', 'The server sent notifications/message although the request carried no io.modelcontextprotocol/logLevel opt-in.');
    }
  }
  if (x.read?.mismatch) {
    const got = x.read.mismatch.kind === 'result' || x.read.mismatch.kind === 'error' ? JSON.stringify(x.read.mismatch.id) : '?';
    findings.push(finding('T3', `The response id ${got} does not match the request id ${sent}.`, { stepId }));
    return { ok: false, status, error: { code: 'ID_MISMATCH', message: `The response carried id ${got} but the request had id ${sent}: clients drop such answers.` } };
  }
  if (!x.match) {
    const invalid = others.find((o) => o.kind === 'invalid');
    const stray = others.find((o) => o.kind === 'result' || o.kind === 'error');
    if (stdio) {
      // The process ended, or the wait ran out: say what stdout carried meanwhile, since that is what the person must fix.
      if (x.error?.code === 'EXITED') return { ok: false, error: x.error };
      if (stray && (stray.kind === 'result' || stray.kind === 'error')) {
        return { ok: false, error: { code: 'ID_MISMATCH', message: `No response with id ${sent}; the server answered id ${JSON.stringify(stray.id)} instead: clients drop such answers.` } };
      }
      if (invalid?.kind === 'invalid') {
        return { ok: false, error: { code: 'PARSE', message: `No JSON-RPC response came back; the server wrote ${invalid.reason}, where only JSON-RPC messages may go.` } };
      }
      return { ok: false, error: x.error ?? { code: 'PROTOCOL', message: 'No JSON-RPC response came back.' } };
    }
    if (invalid?.kind === 'invalid') {
      return { ok: false, status, error: { code: 'PARSE', message: `The server sent ${invalid.reason}, not a JSON-RPC response.` } };
    }
    if (ct === 'text/event-stream' && stray && (stray.kind === 'result' || stray.kind === 'error')) {
      return { ok: false, status, error: { code: 'ID_MISMATCH', message: `The stream answered id ${JSON.stringify(stray.id)} but the request had id ${sent}: clients drop such answers.` } };
    }
    if (ct === 'text/event-stream' && !x.read?.frames?.length && /^\s*[[{]/.test(x.read?.body ?? '')) {
      findings.push(finding('T19', 'The answer says Content-Type: text/event-stream but its body is plain JSON (no data: lines): SSE clients read no message.', { stepId, evidence: firstBytes(x.read?.body ?? '') }));
      return { ok: false, status, error: { code: 'CONTENT_TYPE', message: 'The server labelled a plain JSON body as text/event-stream: clients parse it as an event stream and find no response.' } };
    }
    const resumed = x.resumed?.at(-1);
    if (ct === 'text/event-stream' && resumed) {
      // Closed before the response and resumed with GET and Last-Event-ID, as clients do (lib/mcp/exchange.ts), without getting it.
      const got = resumed.status === undefined ? (resumed.error?.message ?? 'no answer') : `HTTP ${resumed.status}${resumed.read?.kind === 'sse' ? ', an event stream that ended without it' : ''}`;
      findings.push(finding('T6', `The server closed the event stream before the response, and resuming it with GET and Last-Event-ID did not bring the response (${got}).`, { stepId }));
      return { ok: false, status, error: { code: 'PROTOCOL', message: `The event stream closed before the response; resuming it with GET and Last-Event-ID got ${got}.` } };
    }
    if (ct === 'text/event-stream') {
      return { ok: false, status, error: { code: 'PROTOCOL', message: 'The event stream ended without the response to this request.' } };
    }
    return { ok: false, status, error: { code: 'PARSE', message: 'The body is JSON but not a JSON-RPC response.' } };
  }
  if (x.match.kind === 'error') {
    if (modern) checkModernErrorCode(x.match.error, stepId, findings);
    return { ok: false, status, rpcError: x.match.error, error: { code: 'JSON_RPC_ERROR', message: `${describeError(x.match.error)}.` } };
  }
  return { ok: true, result: x.match.result };
}

/** What only HTTP has: the status line and the media type (undefined when the body decides). */
function interpretHttp(x: Exchange, findings: Finding[]): Interpreted | undefined {
  if (x.error && x.status === undefined) return { ok: false, error: x.error };
  const status = x.status ?? 0;
  const ct = mediaType(headerValue(x.headers, 'content-type'));
  if (status === 401 || status === 403) {
    const authenticate = headerValue(x.headers, 'www-authenticate');
    return {
      ok: false,
      status,
      error: {
        code: 'UNAUTHORIZED',
        message:
          status === 401
            ? `The server needs credentials (401${authenticate ? `, ${authenticate.split(/[\s,]/)[0]} challenge` : ', no WWW-Authenticate header'}). Add an Authorization header or get a token.`
            : 'The server refused the request (403). The token may lack a scope, or the server rejects this origin.',
      },
    };
  }
  if (status < 200 || status >= 300) {
    const rpc = bodyRpcError(x);
    if (x.step.era === 'modern') checkModernErrorCode(rpc, x.step.id, findings);
    if (status === 406 && x.step.request?.method === 'POST') {
      findings.push(finding('T8', 'The server answered 406 although Accept listed both application/json and text/event-stream, as clients must send.', { stepId: x.step.id }));
    }
    const detail = rpc ? ` with ${describeError(rpc)}` : x.read?.body ? describeBody(x.read.body, ct) : '';
    const hint =
      status === 404
        ? ' Nothing answers at this path: check that the URL is the MCP endpoint (often ending in /mcp).'
        : status === 405
          ? ' The endpoint does not accept POST: it may be an HTTP+SSE or a non-MCP endpoint.'
          : status === 406
            ? ' The server rejected the Accept header even though it listed both application/json and text/event-stream.'
            : status >= 500
              ? ' The server failed while handling the request: see its logs.'
              : '';
    return { ok: false, status, rpcError: rpc, error: { code: 'HTTP_STATUS', message: `HTTP ${status}${detail}.${hint}` } };
  }
  if (x.error) {
    if (x.error.code === 'PARSE' && x.read?.kind === 'json') {
      findings.push(finding('T2', 'The body says application/json but is not valid JSON.', { stepId: x.step.id, evidence: firstBytes(x.read.body) }));
    }
    return { ok: false, status, error: x.error };
  }
  if (ct === 'text/html') {
    findings.push(finding('T1', 'A request was answered with an HTML page instead of JSON or an event stream.', { stepId: x.step.id, evidence: `Content-Type: ${headerValue(x.headers, 'content-type')}` }));
    return {
      ok: false,
      status,
      error: { code: 'CONTENT_TYPE', message: 'The URL returned an HTML page: it points at a website, not at the MCP endpoint.' },
    };
  }
  if (x.read?.kind === 'empty') {
    return { ok: false, status, error: { code: 'PARSE', message: `HTTP ${status} with an empty body: no JSON-RPC response came back.` } };
  }
  if (ct !== 'application/json' && ct !== 'text/event-stream') {
    findings.push(finding('T1', `A request was answered with Content-Type ${ct ?? '(none)'} instead of application/json or text/event-stream.`, { stepId: x.step.id }));
    return {
      ok: false,
      status,
      error: { code: 'CONTENT_TYPE', message: `The server answered with ${ct ?? 'no Content-Type'}, not JSON or an event stream: this is not an MCP endpoint.` },
    };
  }
  return undefined;
}

/**
 * 2026-07-28 reserves -32020…-32099 for codes the spec defines (only -32020/-32021/-32022 so far),
 * and modern servers must not emit the legacy -32002 or -32042 (https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes).
 */
export function checkModernErrorCode(rpc: JsonRpcErrorObject | undefined, stepId: string, findings: Finding[]): void {
  if (!rpc) return;
  const c = rpc.code;
  const legacyOnly = c === -32002 || c === -32042;
  if (!legacyOnly && !(c <= -32020 && c >= -32099 && !MODERN_ERROR_CODES.has(c))) return;
  findings.push(
    finding('M11', `A ${MODERN_VERSION} server answered with error code ${c}, ${legacyOnly ? 'a legacy code that modern servers must not emit' : 'which is reserved for codes the specification defines but is not one of them'}.`, {
      stepId,
      evidence: describeError(rpc),
    }),
  );
}

function requestId(x: Exchange): unknown {
  try {
    return x.step.request?.body ? (JSON.parse(x.step.request.body) as { id?: unknown }).id : undefined;
  } catch {
    return undefined;
  }
}

/** Mark a step with the outcome of interpreting it. */
export function settle(x: Exchange, r: Interpreted, okNote: string): void {
  if (r.ok) {
    if (x.step.status !== 'warn') x.step.status = 'ok';
    x.step.notes = okNote;
    return;
  }
  x.step.status = 'error';
  x.step.error = r.error;
  x.step.notes = r.error.message;
}
