// Era detection from the answer to a modern `server/discover` probe (MCP 2026-07-28
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#backward-compatibility, and the stdio probe rule
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#backward-compatibility that
// a fallback must not depend on one specific legacy error code).
import { MODERN_ERROR_CODES } from './protocol';

export interface ProbeSummary {
  /** HTTP status, if any answer arrived. */
  status?: number;
  /** 401, or 403 with a Bearer challenge. */
  auth: boolean;
  /** The JSON-RPC result, when the answer was a matching result. */
  result?: unknown;
  /** The JSON-RPC error code carried by the answer (any status). */
  rpcErrorCode?: number;
  /** `data.supported` of a -32022 error. */
  supported?: string[];
}

export type DiscoverVerdict =
  | { kind: 'auth' }
  | { kind: 'modern' }
  /** A recognised modern error: a modern server that refused this request. */
  | { kind: 'modern-error'; code: number; supported?: string[] }
  /** 404 + -32601: modern "unknown method", but server/discover is mandatory, so ambiguous. */
  | { kind: 'ambiguous' }
  | { kind: 'legacy' }
  /** No HTTP answer at all (DNS, refused, timeout): nothing to decide on. */
  | { kind: 'no-answer' };

export function classifyDiscover(p: ProbeSummary): DiscoverVerdict {
  if (p.status === undefined) return { kind: 'no-answer' };
  if (p.auth) return { kind: 'auth' };
  if (p.result !== undefined && typeof p.result === 'object' && p.result !== null && 'supportedVersions' in p.result) {
    return { kind: 'modern' };
  }
  if (p.rpcErrorCode !== undefined && MODERN_ERROR_CODES.has(p.rpcErrorCode)) {
    return { kind: 'modern-error', code: p.rpcErrorCode, ...(p.supported ? { supported: p.supported } : {}) };
  }
  if (p.status === 404 && p.rpcErrorCode === -32601) return { kind: 'ambiguous' };
  // 400/404/405/other 4xx, 5xx, 200 carrying a non-modern error, an empty or non-JSON body: legacy
  // (or not MCP at all, which the legacy probe then shows).
  return { kind: 'legacy' };
}
