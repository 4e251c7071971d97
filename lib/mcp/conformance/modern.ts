// 2026-07-28 request validation: malformed requests must be refused with the defined status and
// code, and every error must carry the request's id.
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation
// https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#protocol-version-negotiation
// https://modelcontextprotocol.io/specification/2026-07-28/basic#meta
import type { RuleId } from '../findings';
import { finding } from '../findings';
import { CLIENT_INFO, modernHeaders, modernMeta, MODERN_VERSION } from '../protocol';
import type { Exchange } from '../exchange';
import { answerOf, mark, probeExchange, record, type ProbeRun } from './probe';
import type { RequirementId } from './requirements';

interface Case {
  req: RequirementId;
  rule: RuleId;
  /** What is wrong with the request, for the row name and the finding. */
  what: string;
  method: string;
  headers: Record<string, string>;
  params: Record<string, unknown>;
  status: number;
  code: number;
  /** Further checks of a refusal that has the right status and code. */
  data?: (data: unknown) => string | undefined;
  /**
   * Judged only when the answer is the one asked for: any other answer is shown, not held against
   * the server, because the spec leaves it room (see the case).
   */
  metOnly?: string;
}

const UNKNOWN_VERSION = '1999-01-01';
const NO_SUCH_METHOD = 'mcphealth/no-such-method';
/** Methods 2026-07-28 removed (https://modelcontextprotocol.io/specification/2026-07-28/changelog). */
export const REMOVED_METHODS = ['ping', 'logging/setLevel', 'resources/subscribe'] as const;

function cases(modernOnly: boolean): Case[] {
  const meta = { _meta: modernMeta() };
  return [
    { req: 'modern/header-mismatch', rule: 'M9', what: 'Mcp-Method header disagrees with the body', method: 'server/discover', headers: modernHeaders('tools/list'), params: meta, status: 400, code: -32020 },
    {
      req: 'modern/header-mismatch',
      rule: 'M9',
      what: '_meta protocol version disagrees with MCP-Protocol-Version',
      method: 'server/discover',
      headers: modernHeaders('server/discover'),
      params: { _meta: modernMeta('2025-11-25') },
      status: 400,
      code: -32020,
    },
    {
      req: 'modern/unsupported-version',
      rule: 'M8',
      what: `unknown protocol version ${UNKNOWN_VERSION}`,
      method: 'server/discover',
      headers: modernHeaders('server/discover', UNKNOWN_VERSION),
      params: { _meta: modernMeta(UNKNOWN_VERSION) },
      status: 400,
      code: -32022,
      data: (data) => {
        const d = data as { supported?: unknown; requested?: unknown } | undefined;
        if (!Array.isArray(d?.supported) || !d.supported.includes(MODERN_VERSION)) return `data.supported does not list ${MODERN_VERSION}`;
        if (d.requested !== UNKNOWN_VERSION) return `data.requested is ${JSON.stringify(d.requested) ?? 'missing'}, not the requested "${UNKNOWN_VERSION}"`;
        return undefined;
      },
    },
    { req: 'modern/unknown-method', rule: 'M7', what: 'a method that does not exist', method: NO_SUCH_METHOD, headers: modernHeaders(NO_SUCH_METHOD), params: meta, status: 404, code: -32601 },
    // No _meta at all (the suite's sep-2575-request-meta-invalid-missing-meta): "A request missing any
    // required field is malformed; the server MUST reject it with JSON-RPC error code -32602 ... On
    // HTTP, the response status MUST be 400" (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
    // A dual-era server picks the era from how the request opens: "A request carrying modern
    // per-request _meta is served statelessly according to this revision"
    // (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions),
    // and this one carries none, so the spec does not say which era's answer it gets there.
    {
      req: 'modern/meta-required',
      rule: 'M10',
      what: 'no _meta at all',
      method: 'server/discover',
      headers: modernHeaders('server/discover'),
      params: {},
      status: 400,
      code: -32602,
      ...(modernOnly ? {} : { metOnly: 'a server that also speaks the legacy revisions may serve a request without modern _meta under them' }),
    },
    {
      req: 'modern/meta-required',
      rule: 'M10',
      what: 'no clientCapabilities in _meta',
      method: 'server/discover',
      headers: modernHeaders('server/discover'),
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN_VERSION, 'io.modelcontextprotocol/clientInfo': CLIENT_INFO } },
      status: 400,
      code: -32602,
    },
    // A server that also speaks the legacy revisions may route these to its legacy handlers; the
    // removal is only testable on a server that speaks 2026-07-28 alone.
    ...(modernOnly
      ? REMOVED_METHODS.map((m): Case => ({
          req: 'modern/removed-methods',
          rule: 'M7',
          what: `${m}, removed in ${MODERN_VERSION}`,
          method: m,
          headers: modernHeaders(m),
          // Harmless arguments: a server that still implemented these would change nothing that matters.
          params: { ...(m === 'logging/setLevel' ? { level: 'error' } : m === 'resources/subscribe' ? { uri: 'mcp-health://probe/none' } : {}), ...meta },
          status: 404,
          code: -32601,
        }))
      : []),
  ];
}

export async function probeModernValidation(run: ProbeRun, modernOnly: boolean): Promise<void> {
  await Promise.all(
    cases(modernOnly).map(async (c, i) => {
      const id = `probe-${i + 1}`;
      const pending = probeExchange(run, {
        stepId: `probe: ${c.what}`,
        name: `${c.method} (${c.what})`,
        era: 'modern',
        method: 'POST',
        headers: c.headers,
        message: { jsonrpc: '2.0', id, method: c.method, params: c.params },
        expectId: id,
      });
      if (!pending) return record(run, c.req, 'not-tested');
      judge(run, c, await pending, id);
    }),
  );
}

function judge(run: ProbeRun, c: Case, x: Exchange, id: string): void {
  if (x.status === undefined) {
    mark(x, 'info', `no answer: ${x.error?.message ?? 'network error'}`);
    return record(run, c.req, 'not-tested', x);
  }
  if (c.metOnly && !(x.status === c.status && x.match?.kind === 'error' && x.match.error.code === c.code)) {
    mark(x, 'info', `${answerOf(x)}; not judged: ${c.metOnly}`);
    return;
  }
  const stepId = x.step.id;
  const expected = `HTTP ${c.status} ${c.code}`;
  const bodyless = x.status >= 200 && x.status < 300 && !x.match && !x.read?.mismatch;
  if (x.match?.kind === 'result' || bodyless) {
    mark(x, 'error', `accepted (${answerOf(x)}); expected ${expected}`);
    run.findings.push(finding(c.rule, `A request with ${c.what} was accepted (${answerOf(x)}); it must be refused with ${expected}.`, { stepId }));
    return record(run, c.req, 'failed', x);
  }
  // The reader accepts a null-id error as the answer (a server may not know the id of a request it
  // could not parse); these requests parsed fine, so their errors must carry the id.
  const own = x.match?.kind === 'error' && x.match.id === id ? x.match.error : undefined;
  const other = x.match?.kind === 'error' && x.match.id !== id ? x.match.error : x.read?.mismatch?.kind === 'error' ? x.read.mismatch.error : undefined;
  const rpc = own ?? other;
  if (!rpc) {
    // Refused, but without a JSON-RPC error the client cannot tell why.
    mark(x, 'warn', `${answerOf(x)} without a JSON-RPC error; expected ${expected}`);
    run.findings.push(finding(c.rule, `A request with ${c.what} was refused with HTTP ${x.status} but no JSON-RPC error; expected ${expected}.`, { stepId, severity: x.status >= 500 ? 'error' : 'warning' }));
    return record(run, c.req, 'failed', x);
  }
  if (x.status !== c.status || rpc.code !== c.code) {
    mark(x, 'warn', `${answerOf(x)}; expected ${expected}`);
    run.findings.push(
      finding(c.rule, `A request with ${c.what} was refused with ${answerOf(x)}; the spec asks for ${expected}.`, { stepId, severity: x.status >= 500 ? 'error' : 'warning', evidence: rpc.message.slice(0, 80) }),
    );
    return record(run, c.req, 'failed', x);
  }
  const bad = c.data?.(rpc.data);
  if (bad) {
    mark(x, 'warn', `${expected}, but ${bad}`);
    run.findings.push(finding(c.rule, `The ${expected} refusal of ${c.what} is incomplete: ${bad}.`, { stepId }));
    return record(run, c.req, 'failed', x);
  }
  if (!own) {
    // https://modelcontextprotocol.io/specification/2026-07-28/basic#error-responses: an error to a request carries that request's id.
    mark(x, 'warn', `${expected}, but the error does not carry the request's id`);
    run.findings.push(finding('T3', `The ${expected} error answering ${c.what} does not carry the request's id: clients cannot match it.`, { stepId, severity: 'warning' }));
    record(run, 'modern/error-id', 'failed', x);
    return record(run, c.req, 'met', x);
  }
  mark(x, 'ok', `refused with ${expected}, as required`);
  record(run, 'modern/error-id', 'met', x);
  record(run, c.req, 'met', x);
}
