// One step of a report: a request exactly as sent and the answer exactly as received ("show what
// was sent"), with what the checker made of it. Part of the report contract (lib/report/schema.ts
// re-exports every name here); the engine's transports (lib/mcp/exchange.ts, stdio.ts) fill it.
import { z } from 'zod';

/** Why a step failed. Codes are stable: the CLI, the API and tests match on them. */
export const StepErrorCode = z.enum([
  'INVALID_URL',
  'BLOCKED', // the address policy refused the target
  'DNS',
  'CONNECT',
  'TLS',
  'TIMEOUT',
  'REDIRECT',
  'TOO_LARGE',
  'NETWORK', // connection reset or other socket failure mid-response
  'HTTP_STATUS',
  'UNAUTHORIZED',
  'CONTENT_TYPE',
  'PARSE',
  'ID_MISMATCH',
  'JSON_RPC_ERROR',
  'PROTOCOL',
  'ABORTED',
  'EXITED', // a stdio server's process could not start, or exited before it answered
]);
export type StepErrorCode = z.infer<typeof StepErrorCode>;

export const StepError = z.object({
  code: StepErrorCode,
  /** A sentence a person can act on. */
  message: z.string(),
});
export type StepError = z.infer<typeof StepError>;

/** Ordered header list: keeps duplicates (Set-Cookie, WWW-Authenticate) and the server's order. */
export const HeaderList = z.array(z.tuple([z.string(), z.string()]));
export type HeaderList = z.infer<typeof HeaderList>;

export const Timing = z.object({
  dnsMs: z.number().optional(),
  connectMs: z.number().optional(),
  tlsMs: z.number().optional(),
  /** Time to the response headers. */
  ttfbMs: z.number().optional(),
  totalMs: z.number(),
  /** True when the request reused a connection opened by an earlier step. */
  reused: z.boolean().optional(),
  /** The first attempt failed on a reused keep-alive connection before any byte came back, and was sent again on a new one. */
  retried: z.string().optional(),
});
export type Timing = z.infer<typeof Timing>;

export const SseFrame = z.object({
  event: z.string(),
  id: z.string().optional(),
  /** The reconnection time (ms) a `retry` field in this event's block set (optional: reports before it have none). */
  retry: z.number().int().nonnegative().optional(),
  data: z.string(),
});
export type SseFrame = z.infer<typeof SseFrame>;

export const WireRequest = z.object({
  method: z.string(),
  url: z.string(),
  /** As sent, with secret values masked. */
  headers: HeaderList,
  body: z.string().optional(),
});
export type WireRequest = z.infer<typeof WireRequest>;

/** One redirect the engine followed (or refused) on the way to a response. */
export const RedirectHop = z.object({
  status: z.number().int(),
  /** The URL that answered with the redirect. */
  from: z.string(),
  /** Where its Location header pointed, resolved against `from`. */
  to: z.string(),
});
export type RedirectHop = z.infer<typeof RedirectHop>;

export const WireResponse = z.object({
  /** The HTTP status; absent for a stdio exchange, which has no status line (its body is the lines read from stdout). */
  status: z.number().int().optional(),
  statusText: z.string().optional(),
  headers: HeaderList,
  contentType: z.string().optional(),
  /** The raw body as read, up to the engine's cap. */
  body: z.string(),
  /** The body was cut at the cap (or reading stopped once the matching SSE response arrived). */
  truncated: z.boolean(),
  /** Decoded SSE frames when the body was an event stream. */
  sse: z.array(SseFrame).optional(),
  /**
   * The reconnection time (ms) the event stream's last `retry` field set, also from a block without
   * data (which is no event, so no frame shows it). Absent when the stream sent none.
   */
  sseRetry: z.number().int().nonnegative().optional(),
  /** Redirects on the way to this response, in order (optional: reports before v0.2 have none). */
  redirects: z.array(RedirectHop).optional(),
});
export type WireResponse = z.infer<typeof WireResponse>;

/** `info`: an expected failure that told us something (an era probe the server does not speak). */
export const StepStatus = z.enum(['ok', 'warn', 'error', 'info', 'skipped']);
export type StepStatus = z.infer<typeof StepStatus>;

export const Step = z.object({
  /** Stable id within a report, e.g. `initialize`, `tools/list#2`, `delete`. */
  id: z.string(),
  /** What a person reads in the table, e.g. `server/discover`. */
  name: z.string(),
  era: z.enum(['modern', 'legacy', 'http+sse']).optional(),
  /**
   * Where the row sits in the table: `core` (the calls a client makes on connect; the default when
   * absent, as in reports before this field), `probe` (side probes a client does not make),
   * `auth` (the OAuth trail), `call` (a tool call a person made from the report).
   */
  group: z.enum(['core', 'probe', 'auth', 'call']).optional(),
  status: StepStatus,
  /** Milliseconds since the check started when this step began. */
  startMs: z.number(),
  latencyMs: z.number(),
  timing: Timing.optional(),
  notes: z.string(),
  request: WireRequest.optional(),
  response: WireResponse.optional(),
  error: StepError.optional(),
});
export type Step = z.infer<typeof Step>;
