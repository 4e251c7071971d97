// The 2026-07-28 (stateless) path: `server/discover`, then the tool listing, every request carrying
// `_meta` and the mirrored headers (https://modelcontextprotocol.io/specification/2026-07-28/server/discover,
// https://modelcontextprotocol.io/specification/2026-07-28/basic#_meta, https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http).
import { z } from 'zod';
import type { Finding } from '../report/schema';
import { Implementation } from '../report/schema';
import { headerValue } from '../net/headers';
import { exchange, type CheckContext, type Exchange } from './exchange';
import { finding } from './findings';
import { checkSdkHandshake } from './sdk-accept';
import { bodyRpcError, interpret, needsAuth, settle } from './interpret';
import { quote } from '../report/redact';
import type { ProbeSummary } from './era';
import { modernHeaders, modernMeta, MODERN_VERSION } from './protocol';
import { checkIcons, LIST_METHOD, type ListKind } from './listing';

export function sendDiscover(ctx: CheckContext, url: string): Promise<Exchange> {
  const id = 'discover-1';
  return exchange(ctx, {
    stepId: 'server/discover',
    name: 'server/discover',
    era: 'modern',
    method: 'POST',
    url,
    headers: modernHeaders('server/discover'),
    message: { jsonrpc: '2.0', id, method: 'server/discover', params: { _meta: modernMeta() } },
    expectId: id,
  });
}

export function sendModernList(ctx: CheckContext, url: string, kind: ListKind, cursor: string | undefined, page: number): Promise<Exchange> {
  const method = LIST_METHOD[kind];
  const id = `${kind}-${page}`;
  return exchange(ctx, {
    stepId: page === 1 ? `${method} (modern)` : `${method} (modern) #${page}`,
    name: page === 1 ? method : `${method} page ${page}`,
    era: 'modern',
    method: 'POST',
    url,
    headers: modernHeaders(method),
    // Continuation requests still need _meta (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/pagination#request-format).
    message: { jsonrpc: '2.0', id, method, params: { ...(cursor !== undefined ? { cursor } : {}), _meta: modernMeta() } },
    expectId: id,
  });
}

export function summarize(x: Exchange): ProbeSummary {
  const rpc = bodyRpcError(x);
  const data = rpc?.data as { supported?: unknown } | undefined;
  const supported = Array.isArray(data?.supported) ? data.supported.filter((v): v is string => typeof v === 'string') : undefined;
  return {
    ...(x.status !== undefined ? { status: x.status } : {}),
    auth: needsAuth(x),
    ...(x.match?.kind === 'result' ? { result: x.match.result } : {}),
    ...(rpc ? { rpcErrorCode: rpc.code } : {}),
    ...(supported ? { supported } : {}),
  };
}

const DiscoverResult = z
  .object({
    supportedVersions: z.array(z.string()).optional(),
    capabilities: z.record(z.string(), z.unknown()).optional(),
    instructions: z.string().optional(),
    resultType: z.unknown().optional(),
    ttlMs: z.unknown().optional(),
    cacheScope: z.unknown().optional(),
    _meta: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

export interface DiscoverFacts {
  supportedVersions: string[];
  capabilities: Record<string, unknown>;
  instructions?: string;
  serverInfo?: Implementation;
}

/**
 * Read a server/discover answer and label its step (like readInitialize): the facts, or undefined
 * when the answer is not a usable DiscoverResult. Each exchange is interpreted once, here.
 */
export function readDiscover(x: Exchange, findings: Finding[]): DiscoverFacts | undefined {
  const r = interpret(x, findings);
  const facts = r.ok ? discoverFacts(x, r.result, findings) : undefined;
  settle(x, r, facts ? `${facts.serverInfo ? `${quote(`${facts.serverInfo.name} ${facts.serverInfo.version}`)}, ` : ''}versions ${facts.supportedVersions.join(', ') || 'none listed'}` : '');
  return facts;
}

function discoverFacts(x: Exchange, result: unknown, findings: Finding[]): DiscoverFacts | undefined {
  const parsed = DiscoverResult.safeParse(result);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const stepId = x.step.id;
  checkModernResult(d, 'server/discover', stepId, findings);
  checkSdkHandshake('discover', 'modern', result, stepId, findings);
  if (!d.supportedVersions || d.supportedVersions.length === 0) {
    findings.push(finding('M5', 'server/discover has no supportedVersions: clients cannot tell which revisions it speaks.', { stepId }));
  } else if (!d.supportedVersions.includes(MODERN_VERSION)) {
    findings.push(finding('M5', `supportedVersions lacks ${MODERN_VERSION}, the version this request just used successfully.`, { stepId, severity: 'warning', evidence: d.supportedVersions.join(', ') }));
  }
  // 2026-07-28 has no protocol sessions: a server must not mint Mcp-Session-Id (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#backward-compatibility).
  const session = headerValue(x.headers, 'mcp-session-id');
  if (session !== undefined) {
    findings.push(finding('M12', `server/discover was answered with an Mcp-Session-Id header; ${MODERN_VERSION} servers must not mint sessions.`, { stepId, severity: 'warning', evidence: session.slice(0, 40) }));
  }
  const rawInfo = d._meta?.['io.modelcontextprotocol/serverInfo'];
  checkIcons((rawInfo as { icons?: unknown } | undefined)?.icons, 'serverInfo', stepId, MODERN_VERSION, findings);
  const info = Implementation.safeParse(rawInfo);
  return {
    supportedVersions: d.supportedVersions ?? [],
    capabilities: d.capabilities ?? {},
    ...(d.instructions ? { instructions: d.instructions } : {}),
    ...(info.success ? { serverInfo: info.data } : {}),
  };
}

/** Checks every cacheable modern result shares (https://modelcontextprotocol.io/specification/2026-07-28/basic#result-responses,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic#_meta, https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching#cacheable-results). */
export function checkModernResult(
  r: { resultType?: unknown; ttlMs?: unknown; cacheScope?: unknown; _meta?: Record<string, unknown> },
  method: string,
  stepId: string,
  findings: Finding[],
): void {
  if (r.resultType === undefined) {
    findings.push(finding('M1', `The ${method} result has no resultType (required on every 2026-07-28 result).`, { stepId }));
  } else if (r.resultType !== 'complete' && r.resultType !== 'input_required') {
    findings.push(finding('M1', `The ${method} result has an unknown resultType ${JSON.stringify(r.resultType)}.`, { stepId }));
  }
  if (typeof r.ttlMs !== 'number' || !Number.isFinite(r.ttlMs) || r.ttlMs < 0) {
    findings.push(finding('M2', `The ${method} result has no valid ttlMs (a number ≥ 0 is required on cacheable results).`, { stepId, evidence: `ttlMs: ${JSON.stringify(r.ttlMs) ?? 'missing'}` }));
  }
  if (r.cacheScope !== 'public' && r.cacheScope !== 'private') {
    findings.push(finding('M2', `The ${method} result has no valid cacheScope ("public" or "private").`, { stepId, evidence: `cacheScope: ${JSON.stringify(r.cacheScope) ?? 'missing'}` }));
  }
  if (!r._meta || r._meta['io.modelcontextprotocol/serverInfo'] === undefined) {
    findings.push(finding('M6', `The ${method} result has no _meta["io.modelcontextprotocol/serverInfo"].`, { stepId }));
  }
}

/** Per-page checks of a modern listing, and a consistent cacheScope across pages (M3). */
export function checkModernPages(method: string, results: Array<{ stepId: string; result: Record<string, unknown> }>, findings: Finding[]): void {
  const first = results[0]?.result.cacheScope;
  let changed: { stepId: string; scope: unknown } | undefined;
  for (const { stepId, result } of results) {
    checkModernResult(result as Parameters<typeof checkModernResult>[0], method, stepId, findings);
    if (!changed && result.cacheScope !== first) changed = { stepId, scope: result.cacheScope };
  }
  if (changed) {
    // Point at the first page that changed the scope.
    const evidence = `${JSON.stringify(first) ?? 'missing'} / ${JSON.stringify(changed.scope) ?? 'missing'}`;
    findings.push(finding('M3', `The pages of ${method} use different cacheScope values (${evidence}).`, { stepId: changed.stepId, evidence }));
  }
}
