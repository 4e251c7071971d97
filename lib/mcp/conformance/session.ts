// Legacy sessions (2025-03-26 … 2025-11-25):
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
// "Servers that require a session ID SHOULD respond to requests without an MCP-Session-Id header
// (other than initialization) with HTTP 400"; after a session ends the server "MUST respond to
// requests containing that session ID with HTTP 404 Not Found" (an id it never issued is no session).
// Every request is a ping: it exists in every legacy revision and changes nothing.
import { headerValue } from '../../net/headers';
import type { Exchange } from '../exchange';
import { finding } from '../findings';
import type { LegacyFacts } from '../legacy';
import { CLIENT_INFO, legacyHeaders, POST_HEADERS } from '../protocol';
import { answerOf, madeUpSessionId, mark, probeExchange, record, type ProbeRun } from './probe';
import { probeResume } from './stream';

const ping = (run: ProbeRun, facts: LegacyFacts, stepId: string, name: string, sessionId: string | undefined) => {
  // Named after its probe, not a module-wide counter: the same check sends the same bytes every time.
  const id = `probe-ping-${stepId.replace(/^probe: /, '').replace(/\W+/g, '-')}`;
  return probeExchange(run, {
    stepId,
    name,
    era: 'legacy',
    method: 'POST',
    headers: legacyHeaders(facts.protocolVersion, sessionId),
    message: { jsonrpc: '2.0', id, method: 'ping' },
    expectId: id,
  });
};

export async function probeSessions(run: ProbeRun, facts: LegacyFacts): Promise<void> {
  if (!facts.sessionId) {
    for (const r of ['session/unknown-404', 'session/missing-400', 'session/terminated-404'] as const) record(run, r, 'not-applicable');
    return;
  }
  await Promise.all([unknownSession(run, facts), missingSession(run, facts), terminatedSession(run, facts)]);
}

async function unknownSession(run: ProbeRun, facts: LegacyFacts) {
  const pending = ping(run, facts, 'probe: unknown session', 'ping with a session id the server never issued', madeUpSessionId());
  if (!pending) return record(run, 'session/unknown-404', 'not-tested');
  const x = await pending;
  if (judge404(run, x, 'session/unknown-404')) return;
  run.findings.push(finding('T20', `A request with a session id the server never issued got ${answerOf(x)}; an unknown session must get 404, which tells clients to start a new one.`, { stepId: x.step.id }));
}

async function missingSession(run: ProbeRun, facts: LegacyFacts) {
  const pending = ping(run, facts, 'probe: no session id', 'ping without the session id', undefined);
  if (!pending) return record(run, 'session/missing-400', 'not-tested');
  const x = await pending;
  if (x.status === undefined) {
    mark(x, 'info', `no answer: ${x.error?.message ?? 'network error'}`);
    return record(run, 'session/missing-400', 'not-tested', x);
  }
  if (x.status === 400) {
    mark(x, 'ok', 'refused with 400, as recommended');
    return record(run, 'session/missing-400', 'met', x);
  }
  mark(x, 'warn', `${answerOf(x)}; a server that issues sessions should answer 400`);
  run.findings.push(finding('T21', `A request without the Mcp-Session-Id the server issued got ${answerOf(x)}; servers that require sessions should answer 400.`, { stepId: x.step.id }));
  record(run, 'session/missing-400', 'failed', x);
}

/** A session of the probe's own: opened, (resumed,) ended, then used once more. */
async function terminatedSession(run: ProbeRun, facts: LegacyFacts) {
  const req = 'session/terminated-404';
  if (run.budget.left < 3) return record(run, req, 'not-tested');
  const id = 'probe-session';
  const init = await probeExchange(run, {
    stepId: 'probe: session to end',
    name: 'initialize (a session for the session probes)',
    era: 'legacy',
    method: 'POST',
    headers: { ...POST_HEADERS },
    message: { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: facts.protocolVersion, capabilities: {}, clientInfo: CLIENT_INFO } },
    expectId: id,
  });
  const sessionId = init && headerValue(init.headers, 'mcp-session-id');
  if (!init || !sessionId || init.match?.kind !== 'result') {
    if (init) mark(init, 'info', `${answerOf(init)}: no session to end`);
    return record(run, req, 'not-tested');
  }
  mark(init, 'info', 'session opened');
  const own: LegacyFacts = { ...facts, sessionId };
  // Resumption uses this session's first event id, so it needs a session nobody else reads.
  await probeResume(run, own, init);
  const del = await probeExchange(run, {
    stepId: 'probe: end session',
    name: 'DELETE (the probe session)',
    era: 'legacy',
    method: 'DELETE',
    headers: { 'mcp-protocol-version': facts.protocolVersion, 'mcp-session-id': sessionId },
  });
  if (!del) return record(run, req, 'not-tested');
  if (del.status === undefined || del.status < 200 || del.status >= 300) {
    mark(del, 'info', del.status === 405 ? '405: clients cannot end sessions (allowed), nothing to test' : `${answerOf(del)}: the session was not ended`);
    return record(run, req, del.status === 405 ? 'not-applicable' : 'not-tested', del);
  }
  mark(del, 'info', 'session ended');
  const after = ping(run, own, 'probe: ended session', 'ping with the ended session id', sessionId);
  if (!after) return record(run, req, 'not-tested');
  const x = await after;
  if (judge404(run, x, req)) return;
  run.findings.push(finding('T13', `The session still answered (${answerOf(x)}) after its DELETE succeeded; an ended session must get 404.`, { stepId: x.step.id, severity: 'warning' }));
}

function judge404(run: ProbeRun, x: Exchange, req: 'session/unknown-404' | 'session/terminated-404'): boolean {
  if (x.status === undefined) {
    mark(x, 'info', `no answer: ${x.error?.message ?? 'network error'}`);
    record(run, req, 'not-tested', x);
    return true;
  }
  if (x.status === 404) {
    mark(x, 'ok', '404, as required: a client starts a new session');
    record(run, req, 'met', x);
    return true;
  }
  mark(x, 'warn', `${answerOf(x)}; expected 404`);
  record(run, req, 'failed', x);
  return false;
}
