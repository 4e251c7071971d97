// JSON-RPC 2.0 messages as MCP uses them (MCP 2025-11-25 basic §Messages; JSON-RPC 2.0 spec).
import { quote } from '../report/redact';
import { z } from 'zod';

export type JsonRpcId = string | number;

const Id = z.union([z.string(), z.number()]);

const ErrorObject = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type JsonRpcErrorObject = z.infer<typeof ErrorObject>;

export type Incoming =
  | { kind: 'result'; id: JsonRpcId | null; result: unknown }
  | { kind: 'error'; id: JsonRpcId | null; error: JsonRpcErrorObject }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'request'; id: JsonRpcId; method: string; params: unknown }
  /** `problem` picks the finding: a batch array (T15), a malformed error object (T4), SSE data that is not JSON (T5); otherwise T2. */
  | { kind: 'invalid'; reason: string; problem?: 'batch' | 'error-object' | 'not-json' };

const Envelope = z
  .object({
    jsonrpc: z.unknown(),
    id: z.union([Id, z.null()]).optional(),
    method: z.string().optional(),
    params: z.unknown().optional(),
    result: z.unknown().optional(),
    error: z.unknown().optional(),
  })
  .loose();

/** Classify one parsed JSON value (https://www.jsonrpc.org/specification#request_object: method+id = request, method = notification, id+result/error = response). */
export function classify(value: unknown): Incoming {
  if (Array.isArray(value)) return { kind: 'invalid', reason: 'a JSON array (batch) instead of one JSON-RPC message', problem: 'batch' };
  const parsed = Envelope.safeParse(value);
  if (!parsed.success) return { kind: 'invalid', reason: 'not a JSON object' };
  const m = parsed.data;
  if (m.jsonrpc !== '2.0') return { kind: 'invalid', reason: `"jsonrpc" is ${JSON.stringify(m.jsonrpc) ?? 'missing'}, not "2.0"` };
  const hasResult = 'result' in m && m.result !== undefined;
  const hasError = 'error' in m && m.error !== undefined;
  if (typeof m.method === 'string') {
    if (m.id === undefined) return { kind: 'notification', method: m.method, params: m.params };
    if (m.id === null) return { kind: 'invalid', reason: 'a request with a null id' };
    return { kind: 'request', id: m.id, method: m.method, params: m.params };
  }
  if (hasResult && hasError) return { kind: 'invalid', reason: 'both "result" and "error"' };
  if (hasResult) return { kind: 'result', id: m.id ?? null, result: m.result };
  if (hasError) {
    const e = ErrorObject.safeParse(m.error);
    if (!e.success) return { kind: 'invalid', reason: 'an error object without an integer "code" and a string "message"', problem: 'error-object' };
    return { kind: 'error', id: m.id ?? null, error: e.data };
  }
  return { kind: 'invalid', reason: 'neither "result", "error" nor "method"' };
}

/** Same value and same JSON type: `1` and `"1"` are different ids (https://www.jsonrpc.org/specification#response_object). */
export function sameId(a: JsonRpcId | null | undefined, b: JsonRpcId | null | undefined): boolean {
  return a !== undefined && a !== null && typeof a === typeof b && a === b;
}

export function describeError(e: JsonRpcErrorObject): string {
  return `JSON-RPC error ${e.code}: ${quote(e.message)}`;
}
