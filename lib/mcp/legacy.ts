// The initialize-based path (MCP 2025-03-26 … 2025-11-25): initialize → notifications/initialized →
// ping and tools/list side by side → DELETE the session (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle,
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management, https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping).
import { z } from 'zod';
import type { Finding } from '../report/schema';
import { Implementation } from '../report/schema';
import { headerValue } from '../net/headers';
import { exchange, type CheckContext, type Exchange } from './exchange';
import { finding } from './findings';
import { checkSdkHandshake } from './sdk-accept';
import { quote } from '../report/redact';
import { checkModernErrorCode, interpret, settle } from './interpret';
import { checkIcons, LIST_METHOD, type ListKind } from './listing';
import { CLIENT_INFO, isLegacyVersion, isModernVersion, LATEST_LEGACY_VERSION, legacyHeaders, POST_HEADERS } from './protocol';

/**
 * An initialize request offering `version`. The era probe uses the defaults; the older-client probe
 * (lib/mcp/probes.ts) names its own step and id so both can be in flight at once.
 */
export function sendInitialize(
  ctx: CheckContext,
  url: string,
  version: string = LATEST_LEGACY_VERSION,
  as: { stepId: string; name: string; id: string | number } = { stepId: 'initialize', name: 'initialize', id: 1 },
): Promise<Exchange> {
  // No session id and no MCP-Protocol-Version on initialize: neither is defined before it (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management, #protocol-version-header).
  return exchange(ctx, {
    stepId: as.stepId,
    name: as.name,
    era: 'legacy',
    method: 'POST',
    url,
    headers: { ...POST_HEADERS },
    message: { jsonrpc: '2.0', id: as.id, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: CLIENT_INFO } },
    expectId: as.id,
  });
}

const InitializeResult = z
  .object({
    protocolVersion: z.unknown().optional(),
    capabilities: z.record(z.string(), z.unknown()).optional(),
    serverInfo: z.unknown().optional(),
    instructions: z.string().optional(),
  })
  .loose();

export interface LegacyFacts {
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  serverInfo?: Implementation;
  instructions?: string;
  sessionId?: string;
}

/** Read an initialize answer; undefined (with the step marked) when it is not a usable handshake. */
export function readInitialize(x: Exchange, findings: Finding[], offered: string = LATEST_LEGACY_VERSION): LegacyFacts | undefined {
  const r = interpret(x, findings);
  if (!r.ok) {
    settle(x, r, '');
    return undefined;
  }
  const stepId = x.step.id;
  const parsed = InitializeResult.safeParse(r.result);
  if (!parsed.success) {
    settle(x, { ok: false, error: { code: 'PROTOCOL', message: 'The initialize result is not an object.' } }, '');
    findings.push(finding('L1', 'The initialize result is not an InitializeResult object.', { stepId }));
    return undefined;
  }
  const d = parsed.data;
  checkSdkHandshake('initialize', 'legacy', r.result, stepId, findings);
  const v = d.protocolVersion;
  if (typeof v !== 'string' || !v) {
    findings.push(finding('L1', 'The initialize result has no protocolVersion.', { stepId }));
    settle(x, { ok: false, error: { code: 'PROTOCOL', message: 'The initialize result has no protocolVersion.' } }, '');
    return undefined;
  }
  if (isModernVersion(v) || !isLegacyVersion(v)) {
    findings.push(
      finding('L3', isModernVersion(v) ? `initialize answered with ${v}, a revision that has no initialize.` : `initialize answered with an unknown protocol version "${v}".`, { stepId, evidence: v }),
    );
    settle(x, { ok: false, error: { code: 'PROTOCOL', message: `The server chose protocol version "${v}", which no initialize-based client knows; a client would disconnect.` } }, '');
    return undefined;
  }
  if (v !== offered) {
    findings.push(finding('L2', `Offered ${offered}; the server chose ${v} (a legal downgrade).`, { stepId, evidence: v }));
  }
  if (!d.capabilities) findings.push(finding('L1', 'The initialize result has no capabilities object.', { stepId }));
  const info = Implementation.safeParse(d.serverInfo);
  if (!info.success) findings.push(finding('L1', 'The initialize result has no serverInfo with a name and a version.', { stepId }));
  checkIcons((d.serverInfo as { icons?: unknown } | undefined)?.icons, 'serverInfo', stepId, v, findings);
  const sessionId = headerValue(x.headers, 'mcp-session-id');
  if (sessionId === undefined) {
    findings.push(finding('T9', 'No Mcp-Session-Id on the initialize response: the server is stateless (fine, noted).', { stepId }));
  } else if (!/^[\x21-\x7e]+$/.test(sessionId)) {
    findings.push(finding('T10', 'The Mcp-Session-Id contains characters outside visible ASCII (0x21–0x7E).', { stepId }));
  }
  const name = info.success ? quote(`${info.data.name} ${info.data.version}`) : 'server';
  settle(x, r, `${name}, protocol ${v}${sessionId !== undefined ? ', session issued' : ', no session'}`);
  return {
    protocolVersion: v,
    capabilities: d.capabilities ?? {},
    ...(info.success ? { serverInfo: info.data } : {}),
    ...(d.instructions ? { instructions: d.instructions } : {}),
    ...(sessionId !== undefined ? { sessionId } : {}),
  };
}

/**
 * L6: a modern-only server rejects initialize; it should name the versions it speaks when it does
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions).
 */
export function checkLegacyRejection(init: Exchange, findings: Finding[]): void {
  if (init.status === undefined) return;
  const rpc = init.match?.kind === 'error' ? init.match.error : init.read?.mismatch?.kind === 'error' ? init.read.mismatch.error : undefined;
  // The server is modern, so its answer to initialize obeys the modern error-code rules too.
  checkModernErrorCode(rpc, init.step.id, findings);
  const supported = (rpc?.data as { supported?: unknown } | undefined)?.supported;
  if (!Array.isArray(supported)) {
    findings.push(finding('L6', 'initialize is rejected without naming the supported versions (data.supported): older clients cannot tell why they fail.', { stepId: init.step.id }));
  }
}

/** notifications/initialized must be accepted with 202 and no body (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server). */
export async function sendInitialized(ctx: CheckContext, url: string, facts: LegacyFacts, findings: Finding[]): Promise<void> {
  const x = await exchange(ctx, {
    stepId: 'notifications/initialized',
    name: 'notifications/initialized',
    era: 'legacy',
    method: 'POST',
    url,
    headers: legacyHeaders(facts.protocolVersion, facts.sessionId),
    message: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
  if (x.status === undefined) return; // network error already recorded on the step
  if (x.status === 202) {
    if (x.read?.body) {
      x.step.status = 'warn';
      x.step.notes = '202 Accepted, but with a body';
      findings.push(finding('T7', 'The notification was answered 202 with a body; it should be empty.', { stepId: x.step.id, severity: 'warning' }));
    } else {
      x.step.notes = '202 Accepted';
    }
  } else if (x.status >= 200 && x.status < 300) {
    x.step.status = 'warn';
    x.step.notes = `HTTP ${x.status}; the spec requires 202 Accepted`;
    findings.push(finding('T7', `notifications/initialized was answered ${x.status} instead of 202 Accepted.`, { stepId: x.step.id }));
  } else {
    x.step.status = 'error';
    x.step.notes = `HTTP ${x.status}: the server rejected the initialized notification`;
    findings.push(finding('T7', `notifications/initialized was rejected with HTTP ${x.status}.`, { stepId: x.step.id }));
  }
}

export async function sendPing(ctx: CheckContext, url: string, facts: LegacyFacts, findings: Finding[]): Promise<void> {
  const id = 2;
  const x = await exchange(ctx, {
    stepId: 'ping',
    name: 'ping',
    era: 'legacy',
    method: 'POST',
    url,
    headers: legacyHeaders(facts.protocolVersion, facts.sessionId),
    message: { jsonrpc: '2.0', id, method: 'ping' },
    expectId: id,
  });
  const r = interpret(x, findings);
  if (r.ok) {
    const empty = typeof r.result === 'object' && r.result !== null && Object.keys(r.result).length === 0;
    if (!empty) findings.push(finding('L4', 'ping answered with a non-empty result (it should be {}).', { stepId: x.step.id, severity: 'info' }));
    settle(x, r, 'pong');
    return;
  }
  // ping is a MUST in every legacy revision (https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping:
  // any error answer is an error finding). The
  // step itself only warns when it is -32601: the rest of the check does not depend on ping.
  const unsupported = r.rpcError?.code === -32601;
  findings.push(finding('L4', unsupported ? 'ping is not implemented (-32601); every legacy revision requires it.' : `ping failed: ${r.error.message}`, { stepId: x.step.id }));
  settle(x, r, '');
  if (unsupported) {
    x.step.status = 'warn';
    x.step.notes = 'ping not implemented (-32601)';
  }
}

export function sendLegacyList(ctx: CheckContext, url: string, facts: LegacyFacts, kind: ListKind, cursor: string | undefined, page: number): Promise<Exchange> {
  const method = LIST_METHOD[kind];
  const id = `${kind}-${page}`;
  return exchange(ctx, {
    stepId: page === 1 ? method : `${method} #${page}`,
    name: page === 1 ? method : `${method} page ${page}`,
    era: 'legacy',
    method: 'POST',
    url,
    headers: legacyHeaders(facts.protocolVersion, facts.sessionId),
    message: { jsonrpc: '2.0', id, method, params: cursor !== undefined ? { cursor } : {} },
    expectId: id,
  });
}

/** End the session (2025-11-25 §Session Management: clients SHOULD send DELETE). */
export async function deleteSession(ctx: CheckContext, url: string, facts: LegacyFacts, findings: Finding[]): Promise<'ended' | 'unsupported' | 'failed'> {
  const x = await exchange(ctx, {
    stepId: 'delete',
    name: 'DELETE session',
    era: 'legacy',
    method: 'DELETE',
    url,
    headers: { 'mcp-protocol-version': facts.protocolVersion, ...(facts.sessionId ? { 'mcp-session-id': facts.sessionId } : {}) },
  });
  if (x.status === undefined) return 'failed';
  if (x.status >= 200 && x.status < 300) {
    x.step.notes = 'session ended';
    return 'ended';
  }
  if (x.status === 405) {
    x.step.status = 'info';
    x.step.notes = '405: the server does not let clients end sessions';
    findings.push(finding('T13', 'DELETE answered 405: clients cannot end their sessions (allowed).', { stepId: x.step.id }));
    return 'unsupported';
  }
  x.step.status = 'warn';
  x.step.notes = `HTTP ${x.status}: expected 2xx or 405`;
  findings.push(finding('T13', `DELETE of the session answered HTTP ${x.status}; expected 2xx or 405.`, { stepId: x.step.id }));
  return 'failed';
}
