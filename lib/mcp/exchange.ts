// One HTTP exchange of a check, recorded exactly as sent and received ("show what was sent").
import { performance } from 'node:perf_hooks';
import type { HeaderList, Step, StepError, Timing, WireRequest, WireResponse } from '../report/schema';
import type { Outbound } from '../net/types';
import { headerValue, lowerNames } from '../net/headers';
import { isEngineOwnedHeader, maskValue } from '../header-registry';
import type { Incoming, JsonRpcId } from './jsonrpc';
import { readAnswer, type ReadLimits, type ReadOutcome } from './read';

export interface CheckContext {
  outbound: Outbound;
  /** performance.now() at the start of the check. */
  t0: number;
  signal: AbortSignal;
  stepTimeoutMs: number;
  limits: ReadLimits;
  /** The person's headers, sent on every request. */
  userHeaders: Record<string, string>;
  steps: Step[];
  /**
   * The transport seam: when set, every exchange goes through it instead of HTTP (lib/mcp/stdio.ts).
   * The era paths build the same CallSpec either way; a stdio transport ignores what only HTTP has
   * (method, URL, headers: https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#request-metadata).
   */
  transport?: (ctx: CheckContext, spec: CallSpec) => Promise<Exchange>;
  /**
   * Told about each step when its exchange ends: lib/mcp/step-feed.ts, which sends it on once the
   * code awaiting the exchange has labelled it (live progress of the page and the CLI).
   */
  onStep?: (step: Step) => void;
}

export interface CallSpec {
  stepId: string;
  name: string;
  era?: Step['era'];
  /** The table section the row sits in (absent = core). */
  group?: Step['group'];
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS';
  url: string;
  /** Protocol headers for this request; they win over the person's. */
  headers: Record<string, string>;
  /** A JSON-RPC message to POST. */
  message?: Record<string, unknown>;
  /** The id whose response ends the read; undefined for notifications, GET and DELETE. */
  expectId?: JsonRpcId;
  /** Do not read the body: record only the status and headers (GET stream probes). */
  headersOnly?: boolean;
  /** Every other message on the response stream, as it arrives (lib/mcp/call.ts). */
  onMessage?: (msg: Incoming) => void;
}

export interface Exchange {
  step: Step;
  status?: number;
  headers: HeaderList;
  read?: ReadOutcome;
  /** The matching response, if one arrived. */
  match?: Incoming & { kind: 'result' | 'error' };
  error?: StepError;
  /** Set for an exchange over stdio: no status, no headers, one channel shared by every request. */
  transport?: 'stdio';
  /**
   * The GETs with Last-Event-ID that resumed this POST's event stream after the server closed it
   * before the response (resumeStream below), in order; the last one brought the match, if any did.
   */
  resumed?: Exchange[];
}

/** At most this many resumptions of one request's stream (a server may close each resumed stream again: polling). */
export const MAX_RESUMES = 3;
/** A `retry` longer than this is not waited for: the stream is left unresumed (the check's own budget is seconds). */
export const MAX_RESUME_WAIT_MS = 5_000;

/**
 * What is sent: the person's headers, then the protocol headers, which win. A person's header that
 * the engine owns (lib/header-registry) is never sent: the transport requires the content negotiation
 * pair, and the protocol headers must agree with the body (2026-07-28,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation)
 * or with the negotiated session
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management).
 */
export function buildHeaders(user: Record<string, string>, protocol: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(user)) if (!isEngineOwnedHeader(k)) out[k] = v;
  for (const [k, v] of Object.entries(protocol)) out[k] = v;
  return out;
}

/** What the report shows of a request header: a person's values are masked, the engine's are not. */
export function maskRequestHeaders(sent: Record<string, string>, user: Record<string, string>): HeaderList {
  // Only the person's own headers are masked; an engine-owned header they also typed was not sent.
  const userNames = new Set(Object.keys(user).filter((k) => !isEngineOwnedHeader(k)).map((k) => k.toLowerCase()));
  return Object.entries(sent).map(([k, v]) => [k, userNames.has(k.toLowerCase()) ? maskValue(v) : v]);
}

export function elapsed(ctx: CheckContext): number {
  return Math.round((performance.now() - ctx.t0) * 10) / 10;
}

export async function exchange(ctx: CheckContext, spec: CallSpec): Promise<Exchange> {
  if (ctx.transport) return ctx.transport(ctx, spec);
  const startMs = elapsed(ctx);
  const headers = buildHeaders(ctx.userHeaders, spec.headers);
  const body = spec.message ? JSON.stringify(spec.message) : undefined;
  const request: WireRequest = {
    method: spec.method,
    url: spec.url,
    headers: maskRequestHeaders(headers, ctx.userHeaders),
    ...(body !== undefined ? { body } : {}),
  };
  // The step's deadline, cleared when the step ends. Not AbortSignal.timeout(): inside
  // AbortSignal.any() Node 20 holds a timeout signal only weakly, so a GC can collect it and the step
  // then never times out (nodejs/node#57736). The bench saw it: a server dripping one byte a second
  // held its checks to the 30 s check deadline instead of the 10 s step budget.
  // One controller per step, aborted by the step's timer or by the check's signal: cheaper than
  // AbortSignal.any(), which registers weak references and a finalizer on every call.
  const step = new AbortController();
  const timer = setTimeout(() => step.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ctx.stepTimeoutMs);
  const onCheckAbort = () => step.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onCheckAbort();
  else ctx.signal.addEventListener('abort', onCheckAbort, { once: true });
  try {
    return await exchangeWithin(ctx, spec, step.signal, startMs, headers, body, request);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onCheckAbort);
  }
}

async function exchangeWithin(
  ctx: CheckContext,
  spec: CallSpec,
  stepSignal: AbortSignal,
  startMs: number,
  headers: Record<string, string>,
  body: string | undefined,
  request: WireRequest,
): Promise<Exchange> {
  const step = openStep(ctx, spec, startMs, request);

  const result = await ctx.outbound({
    method: spec.method,
    url: spec.url,
    headers,
    body,
    timeoutMs: ctx.stepTimeoutMs,
    signal: stepSignal,
    ...(spec.group === 'probe' ? { lane: 'side' as const } : {}),
  });
  if (!result.ok) {
    finishTiming(step, result.timing, ctx, startMs);
    step.status = 'error';
    step.error = result.error;
    step.notes = result.error.message;
    if (result.response) {
      // A refused redirect: show what the server answered and where it pointed.
      step.response = { status: result.response.status, headers: result.response.headers, body: '', truncated: true, ...(result.redirects ? { redirects: result.redirects } : {}) };
    }
    ctx.onStep?.(step);
    return { step, headers: [], error: result.error };
  }
  const res = result.response;
  let read: ReadOutcome | undefined;
  if (spec.headersOnly) {
    res.close();
  } else {
    read = await readAnswer(res, spec.expectId, ctx.limits, spec.onMessage);
  }
  finishTiming(step, res.timing, ctx, startMs);
  const response: WireResponse = {
    status: res.status,
    ...(res.statusText ? { statusText: res.statusText } : {}),
    headers: res.headers,
    ...(headerValue(res.headers, 'content-type') ? { contentType: headerValue(res.headers, 'content-type') } : {}),
    body: read?.body ?? '',
    truncated: read?.truncated ?? false,
    ...(read?.frames ? { sse: read.frames } : {}),
    ...(read?.retry !== undefined ? { sseRetry: read.retry } : {}),
    ...(res.redirects ? { redirects: res.redirects } : {}),
  };
  step.response = response;
  if (read?.error) {
    step.status = 'error';
    step.error = read.error;
    step.notes = read.error.message;
  }
  // Resumed before the step is reported: its caller labels it once the answer is known (step-feed).
  const resumed = read && resumable(spec, res.status, read) ? await resumeStream(ctx, spec, read, headerValue(res.headers, 'mcp-session-id')) : undefined;
  ctx.onStep?.(step);
  const match = read?.match ?? resumed?.at(-1)?.match;
  return { step, status: res.status, headers: res.headers, read, match, error: read?.error, ...(resumed?.length ? { resumed } : {}) };
}

/**
 * A legacy POST's event stream that the server closed after an event with an id but before the
 * response: clients "poll" it by reconnecting with GET and Last-Event-ID once the `retry` time has
 * passed (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server,
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery),
 * as the SDK clients do; so does the check, or it would call a server broken that clients use fine.
 * The 2026-07-28 transport has no resumption (a client sends the request again), and probes never resume.
 */
function resumable(spec: CallSpec, status: number, read: ReadOutcome): boolean {
  return (
    spec.method === 'POST' &&
    spec.expectId !== undefined &&
    spec.era === 'legacy' &&
    spec.group !== 'probe' &&
    status >= 200 &&
    status < 300 &&
    read.kind === 'sse' &&
    !read.match &&
    !read.error &&
    !!read.lastEventId &&
    (read.retry ?? 0) <= MAX_RESUME_WAIT_MS
  );
}

/** The row of the n-th GET that resumed `stepId`'s stream: `tools/list resume`, `tools/list resume 2`, … */
export function resumeStepId(stepId: string, n: number): string {
  return `${stepId} resume${n > 1 ? ` ${n}` : ''}`;
}

async function resumeStream(ctx: CheckContext, spec: CallSpec, first: ReadOutcome, issued: string | undefined): Promise<Exchange[]> {
  const sent = lowerNames(spec.headers);
  // The session the request went with, or the one this very response issued (an initialize whose
  // stream closed early): the SDK clients keep a session id from the response headers before they
  // read its stream, so their resuming GET carries it.
  const session = sent['mcp-session-id'] ?? issued;
  const version = sent['mcp-protocol-version'];
  const out: Exchange[] = [];
  let read = first;
  let lastEventId = first.lastEventId!;
  for (let n = 1; n <= MAX_RESUMES; n++) {
    // "The client MUST respect the retry field, waiting the given number of milliseconds before attempting to reconnect."
    if (!(await wait(read.retry ?? 0, ctx.signal))) break;
    const g = await exchange(ctx, {
      stepId: resumeStepId(spec.stepId, n),
      name: `GET with Last-Event-ID (resume ${spec.name})`,
      era: spec.era,
      ...(spec.group ? { group: spec.group } : {}),
      method: 'GET',
      url: spec.url,
      headers: { accept: 'text/event-stream', 'last-event-id': lastEventId, ...(version ? { 'mcp-protocol-version': version } : {}), ...(session ? { 'mcp-session-id': session } : {}) },
      expectId: spec.expectId,
      ...(spec.onMessage ? { onMessage: spec.onMessage } : {}),
    });
    out.push(g);
    if (g.match) {
      g.step.notes = `resumed from event ${JSON.stringify(lastEventId)}: the response arrived`;
      break;
    }
    const again = g.status !== undefined && g.status >= 200 && g.status < 300 && g.read?.kind === 'sse' && !g.read.error;
    if (!again || n === MAX_RESUMES) {
      if (g.step.status === 'ok') g.step.status = 'error';
      g.step.notes ||= again ? `the resumed stream closed again without the response (${n} resumptions)` : `HTTP ${g.status ?? '—'}: the stream could not be resumed`;
      break;
    }
    g.step.status = 'info';
    g.step.notes = 'the resumed stream closed again before the response; resuming once more';
    read = g.read!;
    if (read.lastEventId) lastEventId = read.lastEventId;
  }
  return out;
}

/** Sleep `ms` unless the check is cancelled first (false then). */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function finishTiming(step: Step, timing: Timing, ctx: CheckContext, startMs: number) {
  const end = elapsed(ctx);
  step.latencyMs = Math.round((end - startMs) * 10) / 10;
  step.timing = { ...timing, totalMs: step.latencyMs };
}

/** A step as it starts, in the check's table: every transport records its requests this one way. */
export function openStep(ctx: CheckContext, spec: Pick<CallSpec, 'stepId' | 'name' | 'era' | 'group'>, startMs: number, request: WireRequest): Step {
  const step: Step = {
    id: spec.stepId,
    name: spec.name,
    ...(spec.era ? { era: spec.era } : {}),
    ...(spec.group ? { group: spec.group } : {}),
    status: 'ok',
    startMs,
    latencyMs: 0,
    notes: '',
    request,
  };
  ctx.steps.push(step);
  return step;
}
