// Streams of the 2025-11-25 transport:
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
// (a server that opens an SSE stream SHOULD first send an event with an id and empty data, the
// "priming" event, and SHOULD send `retry` before it closes a stream early) and
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery
// (a client resumes with GET and Last-Event-ID; the answer is an event stream, or 405 from a server
// without a GET stream).
import type { Step } from '../../report/schema';
import { headerValue } from '../../net/headers';
import { MAX_RESUMES, resumeStepId, type Exchange } from '../exchange';
import { finding } from '../findings';
import type { LegacyFacts } from '../legacy';
import { mediaType } from '../sse';
import { answerOf, mark, probeExchange, record, type ProbeRun } from './probe';

const isPriming = (f: { id?: string; data: string } | undefined) => f !== undefined && f.id !== undefined && f.id !== '' && f.data.trim() === '';

/**
 * Passive: look at the event streams the check already received on its POSTs. Only 2025-11-25 asks
 * for the priming event; nothing to judge when the server answered with plain JSON.
 */
export function judgePriming(run: ProbeRun, steps: Step[], revision: string | undefined): void {
  const req = 'stream/priming-event';
  if (revision !== '2025-11-25') return record(run, req, 'not-applicable');
  // The check's own requests under 2025-11-25: its initialize, and every request carrying that version
  // (the older-client probe's streams speak 2025-03-26, which had no priming event).
  const underRevision = (s: Step) => s.id === 'initialize' || s.request?.headers.some(([k, v]) => k.toLowerCase() === 'mcp-protocol-version' && v === revision);
  const streams = steps.filter(
    (s) => s.era === 'legacy' && s.request?.method === 'POST' && underRevision(s) && s.response?.sse && s.response.status !== undefined && s.response.status >= 200 && s.response.status < 300 && s.response.sse.length > 0,
  );
  if (streams.length === 0) return record(run, req, 'not-applicable');
  const without = streams.find((s) => !isPriming(s.response?.sse?.[0]));
  if (!without) return record(run, req, 'met', streams[0]!.id);
  run.findings.push(
    finding('T22', `The server answers with event streams but does not open them with a priming event (an id and empty data), so clients cannot resume a stream that breaks.`, {
      stepId: without.id,
      evidence: `first event: ${JSON.stringify(without.response?.sse?.[0] ?? {}).slice(0, 80)}`,
    }),
  );
  record(run, req, 'failed', without.id);
}

/**
 * Passive: on 2025-11-25, a server that closes an event stream before the response (SEP-1699
 * polling) SHOULD first send a `retry` field, which the client then waits before it resumes
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server).
 * The streams judged are those the check had to resume (lib/mcp/exchange.ts): the POSTs and resumed
 * GETs of the check's own requests that the server closed early. Not applicable when none was.
 */
export function judgeRetry(run: ProbeRun, steps: Step[], revision: string | undefined): void {
  const req = 'stream/retry-before-close';
  if (revision !== '2025-11-25') return record(run, req, 'not-applicable');
  // Each resumed request's chain: the POST, then its GETs (lib/mcp/exchange.ts); every stream in it
  // but the last was closed early, since the check resumed after it.
  const byId = new Map(steps.map((s) => [s.id, s]));
  const closed: Step[] = [];
  for (const post of steps) {
    if (post.era !== 'legacy' || post.group === 'probe' || post.request?.method !== 'POST') continue;
    let stream: Step = post;
    for (let n = 1; n <= MAX_RESUMES; n++) {
      const next = byId.get(resumeStepId(post.id, n));
      if (!next) break;
      if (stream.response?.sse !== undefined) closed.push(stream);
      stream = next;
    }
  }
  if (closed.length === 0) return record(run, req, 'not-applicable');
  const without = closed.find((s) => s.response?.sseRetry === undefined);
  if (!without) return record(run, req, 'met', closed[0]!.id);
  run.findings.push(
    finding('T26', `The server closed an event stream before the response without sending a retry field first, so clients reconnect on their own schedule instead of the server's.`, {
      stepId: without.id,
    }),
  );
  record(run, req, 'failed', without.id);
}

/** GET with Last-Event-ID on the probe's own session, when its initialize stream was primed. */
export async function probeResume(run: ProbeRun, facts: LegacyFacts, init: Exchange): Promise<void> {
  const req = 'stream/resume-get';
  const first = init.read?.frames?.[0];
  if (!isPriming(first) || !facts.sessionId) return record(run, req, 'not-applicable');
  const pending = probeExchange(run, {
    stepId: 'probe: resume with Last-Event-ID',
    name: 'GET with Last-Event-ID (resume the probe session stream)',
    era: 'legacy',
    method: 'GET',
    headers: { accept: 'text/event-stream', 'mcp-protocol-version': facts.protocolVersion, 'mcp-session-id': facts.sessionId, 'last-event-id': first!.id! },
    headersOnly: true,
  });
  if (!pending) return record(run, req, 'not-tested');
  const x = await pending;
  if (x.status === undefined) {
    mark(x, 'info', `no answer: ${x.error?.message ?? 'network error'}`);
    return record(run, req, 'not-tested', x);
  }
  const type = mediaType(headerValue(x.headers, 'content-type'));
  if (x.status === 405 || (x.status >= 200 && x.status < 300 && type === 'text/event-stream')) {
    mark(x, 'ok', x.status === 405 ? '405: no GET stream (allowed)' : 'event stream (closed again by the check)');
    return record(run, req, 'met', x);
  }
  mark(x, 'warn', `${answerOf(x)}${type ? ` ${type}` : ''}; expected an event stream or 405`);
  run.findings.push(finding('T12', `A GET resuming a stream with Last-Event-ID got ${answerOf(x)}${type ? ` ${type}` : ''}; it must be an event stream or 405.`, { stepId: x.step.id }));
  record(run, req, 'failed', x);
}
