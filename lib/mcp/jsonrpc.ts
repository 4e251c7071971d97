// JSON-RPC 2.0 messages as MCP uses them (MCP 2025-11-25 §Messages,
// https://modelcontextprotocol.io/specification/2025-11-25/basic#messages; JSON-RPC 2.0, https://www.jsonrpc.org/specification).
import { quote } from '../report/redact';

export type JsonRpcId = string | number;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export type Incoming =
  | { kind: 'result'; id: JsonRpcId | null; result: unknown }
  | { kind: 'error'; id: JsonRpcId | null; error: JsonRpcErrorObject }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'request'; id: JsonRpcId; method: string; params: unknown }
  /** `problem` picks the finding: a batch array (T15), a malformed error object (T4), SSE data that is not JSON (T5), a stdout line that is not JSON (T24); otherwise T2. */
  | { kind: 'invalid'; reason: string; problem?: 'batch' | 'error-object' | 'not-json' | 'stdout-not-json' };

type Envelope = { jsonrpc?: unknown; id?: JsonRpcId | null; method?: string; params?: unknown; result?: unknown; error?: unknown };

const isId = (v: unknown): v is JsonRpcId | null => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * The envelope's typed members checked by hand: this runs for every message of every check, and a
 * zod object schema here was a visible share of a check's CPU (docs/benchmarks.md, part 2).
 */
function envelope(value: unknown): Envelope | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const m = value as Envelope;
  if (m.id !== undefined && !isId(m.id)) return undefined;
  if (m.method !== undefined && typeof m.method !== 'string') return undefined;
  return m;
}

/** Classify one parsed JSON value (https://www.jsonrpc.org/specification#request_object: method+id = request, method = notification, id+result/error = response). */
export function classify(value: unknown): Incoming {
  if (Array.isArray(value)) return { kind: 'invalid', reason: 'a JSON array (batch) instead of one JSON-RPC message', problem: 'batch' };
  const m = envelope(value);
  if (!m) return { kind: 'invalid', reason: 'not a JSON object' };
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', reason: `"jsonrpc" is ${JSON.stringify(m.jsonrpc) ?? 'missing'}, not "2.0"` };
  const hasResult = m.result !== undefined;
  const hasError = m.error !== undefined;
  if (typeof m.method === 'string') {
    if (m.id === undefined) return { kind: 'notification', method: m.method, params: m.params };
    if (m.id === null) return { kind: 'invalid', reason: 'a request with a null id' };
    return { kind: 'request', id: m.id, method: m.method, params: m.params };
  }
  if (hasResult && hasError) return { kind: 'invalid', reason: 'both "result" and "error"' };
  if (hasResult) return { kind: 'result', id: m.id ?? null, result: m.result };
  if (hasError) {
    const e = errorObject(m.error);
    if (!e) return { kind: 'invalid', reason: 'an error object without an integer "code" and a string "message"', problem: 'error-object' };
    return { kind: 'error', id: m.id ?? null, error: e };
  }
  return { kind: 'invalid', reason: 'neither "result", "error" nor "method"' };
}

/** JSON-RPC 2.0 §5.1: an error object has an integer code and a string message; data is optional. Other members are dropped. */
function errorObject(value: unknown): JsonRpcErrorObject | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const e = value as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof e.code !== 'number' || !Number.isSafeInteger(e.code) || typeof e.message !== 'string') return undefined;
  return { code: e.code, message: e.message, ...('data' in e && e.data !== undefined ? { data: e.data } : {}) };
}

/** Same value and same JSON type: `1` and `"1"` are different ids (https://www.jsonrpc.org/specification#response_object). */
export function sameId(a: JsonRpcId | null | undefined, b: JsonRpcId | null | undefined): boolean {
  return a !== undefined && a !== null && typeof a === typeof b && a === b;
}

export function describeError(e: JsonRpcErrorObject): string {
  return `JSON-RPC error ${e.code}: ${quote(e.message)}`;
}
