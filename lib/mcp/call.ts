// `tools/call` on the wire, in the era the check found:
// - 2026-07-28: one stateless POST with `_meta` and the mirrored headers (Mcp-Method, Mcp-Name,
//   Mcp-Param-*: https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#standard-request-headers).
// - 2025-03-26 … 2025-11-25: a fresh session (initialize, notifications/initialized), the call, then
//   DELETE (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management),
//   so nothing the check opened is reused and nothing is left open.
// Progress and log notifications on the stream are recorded; a server request mid-call is answered
// with a JSON-RPC error saying this checker does not provide it (the checker declares no client
// capabilities: https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#operation).
import { appLink } from './app-link';
import type { Finding, Tool } from '../report/schema';
import type { CallApp } from '../report/call';
import { PARAM_HEADER_PREFIX } from '../header-registry';
import { exchange, type CheckContext, type Exchange } from './exchange';
import { finding } from './findings';
import type { Incoming } from './jsonrpc';
import { readInitialize, type LegacyFacts } from './legacy';
import { CLIENT_INFO, legacyHeaders, modernHeaders, modernMeta, POST_HEADERS } from './protocol';

export interface CallPlan {
  url: string;
  era: 'modern' | 'legacy';
  /** The revision the check negotiated (legacy). */
  legacyVersion?: string;
  tool: Tool;
  arguments: Record<string, unknown>;
  /** The call's number in the report: step ids and JSON-RPC ids start with `call-<n>`. */
  n: number;
}

export interface WireOutcome {
  /** The tools/call exchange, when one was sent. */
  call?: Exchange;
  /** Why no tools/call was sent (the session could not be opened). */
  failure?: string;
  notifications: Array<{ method: string; summary: string }>;
  serverRequests: Array<{ method: string; answer: string }>;
  app?: CallApp;
}

const MAX_NOTES = 50;
const MAX_APP_HTML = 512 * 1024;

/** What each server request would need from a client, for the error message. */
const PROVIDES: Record<string, string> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** The tool's MCP Apps view (`ui://`), if it links one. */
export function uiResourceUri(tool: Tool): string | undefined {
  const uri = appLink(tool);
  return uri?.startsWith('ui://') ? uri : undefined;
}

/**
 * A header value as 2026-07-28 sends it: plain when it is visible ASCII without edge whitespace,
 * otherwise `=?base64?…?=` of its UTF-8 bytes (streamable-http §Standard Request Headers).
 */
export function headerSafe(v: string): string {
  if (/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v) && !/^=\?base64\?.*\?=$/.test(v)) return v;
  return `=?base64?${Buffer.from(v, 'utf8').toString('base64')}?=`;
}

/** Mcp-Param-{X} for arguments whose property schema carries `x-mcp-header: "X"` (scalars only). */
export function paramHeaders(inputSchema: unknown, args: Record<string, unknown>): Record<string, string> {
  const props = (inputSchema as { properties?: unknown } | undefined)?.properties;
  if (typeof props !== 'object' || props === null) return {};
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(props)) {
    const header = (schema as { 'x-mcp-header'?: unknown } | null)?.['x-mcp-header'];
    const value = args[name];
    if (typeof header !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[`${PARAM_HEADER_PREFIX}${header.toLowerCase()}`] = headerSafe(String(value));
  }
  return out;
}

function summarizeNotification(method: string, params: unknown): string {
  const p = (params ?? {}) as Record<string, unknown>;
  let s = method;
  if (method === 'notifications/progress') {
    s = `${String(p.progress)}${p.total !== undefined ? `/${String(p.total)}` : ''}${typeof p.message === 'string' ? ` ${p.message}` : ''}`;
  } else if (method === 'notifications/message') {
    s = `${String(p.level)}: ${typeof p.data === 'string' ? p.data : JSON.stringify(p.data)}`;
  }
  return s.slice(0, 300);
}

export async function sendToolCall(ctx: CheckContext, plan: CallPlan, findings: Finding[]): Promise<WireOutcome> {
  const out: WireOutcome = { notifications: [], serverRequests: [] };
  const prefix = `call-${plan.n}`;
  const replies: Array<Promise<unknown>> = [];
  let facts: LegacyFacts | undefined;

  if (plan.era === 'legacy') {
    facts = await openSession(ctx, plan, prefix);
    if (!facts) {
      out.failure = 'A fresh session could not be opened for the call (see the initialize step), so tools/call was not sent.';
      return out;
    }
  }
  const version = facts?.protocolVersion;
  const sessionId = facts?.sessionId;

  const onMessage = (msg: Incoming, stepId: string) => {
    if (msg.kind === 'notification') {
      if (out.notifications.length < MAX_NOTES) out.notifications.push({ method: msg.method, summary: summarizeNotification(msg.method, msg.params) });
      return;
    }
    if (msg.kind !== 'request') return;
    const what = PROVIDES[msg.method];
    if (plan.era === 'modern') {
      // 2026-07-28 servers must not send requests on a response stream, and a client cannot POST a
      // response back (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#sending-messages-to-the-server).
      out.serverRequests.push({ method: msg.method, answer: 'not answered: a 2026-07-28 client cannot answer a request on a response stream' });
      findings.push(finding('T14', `The server sent a ${msg.method} request on the tools/call stream; 2026-07-28 servers must ask through an input_required result instead.`, { stepId, severity: 'error' }));
      return;
    }
    const k = out.serverRequests.length + 1;
    const message =
      msg.method === 'ping'
        ? { jsonrpc: '2.0', id: msg.id, result: {} }
        : {
            jsonrpc: '2.0',
            id: msg.id,
            // -32601: the method is not available on this client (https://www.jsonrpc.org/specification#error_object).
            error: { code: -32601, message: `mcp-health does not provide ${what ?? msg.method}: this checker declares no client capabilities.` },
          };
    out.serverRequests.push({ method: msg.method, answer: msg.method === 'ping' ? 'answered {}' : `answered error -32601 (${what ?? msg.method} not provided)` });
    if (msg.method !== 'ping') {
      findings.push(
        finding('T14', `The server sent ${msg.method} during tools/call${what ? `, which needs the ${what} capability` : ''}; the checker declared none.`, { stepId }),
      );
    }
    replies.push(
      exchange(ctx, {
        stepId: `${prefix} reply #${k}`,
        name: `reply to ${msg.method}`,
        era: 'legacy',
        method: 'POST',
        url: plan.url,
        headers: legacyHeaders(version ?? '', sessionId),
        message,
      }),
    );
  };

  const id = `${prefix}`;
  const stepId = `${prefix} tools/call`;
  const meta = plan.era === 'modern' ? { ...modernMeta(), progressToken: id } : { progressToken: id };
  const callP = exchange(ctx, {
    stepId,
    name: `tools/call ${plan.tool.name}`,
    era: plan.era,
    method: 'POST',
    url: plan.url,
    headers:
      plan.era === 'modern'
        ? { ...modernHeaders('tools/call'), 'mcp-name': headerSafe(plan.tool.name), ...paramHeaders(plan.tool.inputSchema, plan.arguments) }
        : legacyHeaders(version ?? '', sessionId),
    message: { jsonrpc: '2.0', id, method: 'tools/call', params: { name: plan.tool.name, arguments: plan.arguments, _meta: meta } },
    expectId: id,
    onMessage: (m) => onMessage(m, stepId),
  });
  const uri = uiResourceUri(plan.tool);
  const appP = uri ? readApp(ctx, plan, prefix, uri, version, sessionId) : undefined;
  out.call = await callP;
  if (appP) out.app = await appP;
  await Promise.all(replies);
  if (facts) await closeSession(ctx, plan, prefix, facts);
  return out;
}

async function openSession(ctx: CheckContext, plan: CallPlan, prefix: string): Promise<LegacyFacts | undefined> {
  const offered = plan.legacyVersion ?? '2025-11-25';
  const init = await exchange(ctx, {
    stepId: `${prefix} initialize`,
    name: 'initialize (for the call)',
    era: 'legacy',
    method: 'POST',
    url: plan.url,
    headers: { ...POST_HEADERS },
    message: { jsonrpc: '2.0', id: `${prefix}-init`, method: 'initialize', params: { protocolVersion: offered, capabilities: {}, clientInfo: CLIENT_INFO } },
    expectId: `${prefix}-init`,
  });
  // The check already judged this server's initialize; its findings are not repeated here.
  const facts = readInitialize(init, [], offered);
  if (!facts) return undefined;
  const note = await exchange(ctx, {
    stepId: `${prefix} initialized`,
    name: 'notifications/initialized',
    era: 'legacy',
    method: 'POST',
    url: plan.url,
    headers: legacyHeaders(facts.protocolVersion, facts.sessionId),
    message: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
  if (note.status !== undefined && note.status >= 200 && note.status < 300) note.step.notes = `${note.status}`;
  return facts;
}

async function closeSession(ctx: CheckContext, plan: CallPlan, prefix: string, facts: LegacyFacts): Promise<void> {
  if (!facts.sessionId) return;
  const x = await exchange(ctx, {
    stepId: `${prefix} delete`,
    name: 'DELETE session (after the call)',
    era: 'legacy',
    method: 'DELETE',
    url: plan.url,
    headers: { 'mcp-protocol-version': facts.protocolVersion, 'mcp-session-id': facts.sessionId },
  });
  if (x.status !== undefined) {
    x.step.notes = x.status >= 200 && x.status < 300 ? 'session ended' : x.status === 405 ? '405: the server keeps sessions until they expire' : `HTTP ${x.status}`;
    if (x.status === 405) x.step.status = 'info';
  }
}

/** resources/read of the tool's ui:// view (https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#ui-resource-format). */
async function readApp(ctx: CheckContext, plan: CallPlan, prefix: string, uri: string, version: string | undefined, sessionId: string | undefined): Promise<CallApp> {
  const id = `${prefix}-ui`;
  const x = await exchange(ctx, {
    stepId: `${prefix} resources/read`,
    name: `resources/read ${uri}`.slice(0, 120),
    era: plan.era,
    method: 'POST',
    url: plan.url,
    headers: plan.era === 'modern' ? { ...modernHeaders('resources/read'), 'mcp-name': headerSafe(uri) } : legacyHeaders(version ?? '', sessionId),
    message: { jsonrpc: '2.0', id, method: 'resources/read', params: { uri, ...(plan.era === 'modern' ? { _meta: modernMeta() } : {}) } },
    expectId: id,
  });
  if (x.match?.kind === 'error') {
    x.step.status = 'error';
    x.step.notes = `JSON-RPC error ${x.match.error.code}: ${x.match.error.message}`;
    return { uri, error: `resources/read failed: ${x.match.error.message}` };
  }
  if (x.match?.kind !== 'result') return { uri, error: x.error?.message ?? `resources/read got no answer${x.status ? ` (HTTP ${x.status})` : ''}` };
  const contents = (x.match.result as { contents?: unknown } | null)?.contents;
  const first = Array.isArray(contents) ? (contents[0] as Record<string, unknown> | undefined) : undefined;
  if (!first) return { uri, error: 'resources/read returned no contents' };
  let html = typeof first.text === 'string' ? first.text : typeof first.blob === 'string' ? Buffer.from(first.blob, 'base64').toString('utf8') : undefined;
  if (html === undefined) return { uri, error: 'the ui:// resource has neither text nor blob' };
  const mime = typeof first.mimeType === 'string' ? first.mimeType : '';
  x.step.notes = `${mime || 'no mimeType'}, ${html.length} characters`;
  if (html.length > MAX_APP_HTML) return { uri, error: `the view is larger than ${MAX_APP_HTML / 1024} KB; not rendered` };
  const ui = ((first._meta as { ui?: unknown } | undefined)?.ui ?? {}) as { csp?: Record<string, unknown>; prefersBorder?: unknown };
  const csp: NonNullable<CallApp['csp']> = {};
  for (const key of ['connectDomains', 'resourceDomains', 'frameDomains', 'baseUriDomains'] as const) {
    const v = ui.csp?.[key];
    if (Array.isArray(v)) csp[key] = v.filter((d): d is string => typeof d === 'string').slice(0, 20);
  }
  html = html.replace(/\r\n/g, '\n');
  return { uri, html, ...(Object.keys(csp).length ? { csp } : {}), ...(typeof ui.prefersBorder === 'boolean' ? { prefersBorder: ui.prefersBorder } : {}) };
}
