import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report, Step } from '../report/schema';
import { classifyDiscover, decideEra, type EraAnswers } from './era';
import { isLegacyVersion } from './protocol';

// Recorded answers of real servers to a modern server/discover probe (e2e/peers/README.md, "Observed on the wire").
describe('era detection from server/discover', () => {
  it('SDK v2: 200 with supportedVersions is modern', () => {
    expect(classifyDiscover({ status: 200, auth: false, result: { resultType: 'complete', supportedVersions: ['2026-07-28'] } }).kind).toBe('modern');
  });
  it('server-everything: 400 with -32000 (no session) is legacy', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32000 }).kind).toBe('legacy');
  });
  it('mcp-lite: 400 with -32602 is legacy, not a modern error', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32602 }).kind).toBe('legacy');
  });
  it('200 carrying -32601 is legacy', () => {
    expect(classifyDiscover({ status: 200, auth: false, rpcErrorCode: -32601 }).kind).toBe('legacy');
  });
  it('404 + -32601 is ambiguous (discover is mandatory in 2026-07-28)', () => {
    expect(classifyDiscover({ status: 404, auth: false, rpcErrorCode: -32601 }).kind).toBe('ambiguous');
  });
  it('a -32022 error is a modern server that declined the version, with data.supported kept', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32022, supported: ['2025-11-25'] })).toEqual({
      kind: 'modern-error',
      code: -32022,
      supported: ['2025-11-25'],
    });
  });
  it('-32020 header mismatch is modern', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32020 }).kind).toBe('modern-error');
  });
  it('401 goes to auth before any era decision', () => {
    expect(classifyDiscover({ status: 401, auth: true }).kind).toBe('auth');
  });
  it('an empty 405 or an HTML 200 is legacy (the legacy probe decides if it is MCP at all)', () => {
    expect(classifyDiscover({ status: 405, auth: false }).kind).toBe('legacy');
    expect(classifyDiscover({ status: 200, auth: false }).kind).toBe('legacy');
  });
  it('no HTTP answer decides nothing', () => {
    expect(classifyDiscover({ auth: false }).kind).toBe('no-answer');
  });
});

// The era decision (ERA_TABLE), on the answers the golden reports recorded from real servers and
// fixtures (e2e/integration/golden/*.json: each holds the server/discover and initialize exchanges
// exactly as received), and on the answers of the -32022 fixtures of e2e/integration/check.test.ts.
describe('the era decision', () => {
  const noInit = { auth: false, handshake: false, status: 400 };
  it('auth wins over everything, and says which probe was challenged', () => {
    expect(decideEra({ discover: { kind: 'auth' }, initialize: { auth: true, handshake: false, status: 401 } })).toEqual({ kind: 'auth', challengedBy: 'server/discover' });
    expect(decideEra({ discover: { kind: 'modern' }, initialize: { auth: true, handshake: false, status: 403 } })).toEqual({ kind: 'auth', challengedBy: 'initialize' });
  });
  it('-32022 naming only a future revision: unspeakable, not DOWN', () => {
    expect(decideEra({ discover: { kind: 'modern-error', code: -32022, supported: ['2027-01-15'] }, initialize: noInit })).toEqual({ kind: 'unspeakable', supported: ['2027-01-15'] });
  });
  it('-32022 naming legacy revisions, initialize working: legacy (the retry a client makes)', () => {
    expect(decideEra({ discover: { kind: 'modern-error', code: -32022, supported: ['2025-11-25', '2025-06-18'] }, initialize: { auth: false, handshake: true, status: 200 } })).toEqual({ kind: 'legacy' });
  });
  it('-32022 naming a spoken revision but initialize failing: a modern server that refused this request', () => {
    expect(decideEra({ discover: { kind: 'modern-error', code: -32022, supported: ['2026-07-28'] }, initialize: noInit })).toEqual({ kind: 'modern', alsoLegacy: false });
  });
  it('404 + -32601 without a handshake is judged as modern (M4), with one it is legacy', () => {
    expect(decideEra({ discover: { kind: 'ambiguous' }, initialize: noInit })).toEqual({ kind: 'modern', alsoLegacy: false });
    expect(decideEra({ discover: { kind: 'ambiguous' }, initialize: { auth: false, handshake: true, status: 200 } })).toEqual({ kind: 'legacy' });
  });
  it('HTTP+SSE is tried only when discover was answered and initialize got 400, 404 or 405', () => {
    expect(decideEra({ discover: { kind: 'legacy' }, initialize: { auth: false, handshake: false, status: 405 } })).toEqual({ kind: 'none', tryHttpSse: true });
    expect(decideEra({ discover: { kind: 'legacy' }, initialize: { auth: false, handshake: false, status: 500 } })).toEqual({ kind: 'none', tryHttpSse: false });
    expect(decideEra({ discover: { kind: 'no-answer' }, initialize: { auth: false, handshake: false, status: 404 } })).toEqual({ kind: 'none', tryHttpSse: false });
    expect(decideEra({ discover: { kind: 'legacy' }, initialize: { auth: false, handshake: false } })).toEqual({ kind: 'none', tryHttpSse: false });
  });

  const dir = fileURLToPath(new URL('../../e2e/integration/golden/', import.meta.url));
  const goldens = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it('covers every branch but unspeakable across the golden reports', () => {
    const kinds = new Set(goldens.map((f) => decideEra(answersOf(read(f))).kind));
    expect([...kinds].sort()).toEqual(['auth', 'legacy', 'modern', 'none']);
  });
  it.each(goldens)('%s: the recorded answers decide the era the report shows', (file) => {
    const report = read(file);
    const branch = decideEra(answersOf(report));
    if (report.verdict === 'auth-required') return expect(branch.kind).toBe('auth');
    if (report.era === 'modern') return expect(branch).toEqual({ kind: 'modern', alsoLegacy: report.supportedVersions.some(isLegacyVersion) });
    if (report.era === 'legacy') return expect(branch).toEqual({ kind: 'legacy' });
    if (report.era === 'http+sse') return expect(branch).toEqual({ kind: 'none', tryHttpSse: true });
    expect(report).toMatchObject({ era: 'unknown', verdict: 'unreachable' });
    expect(branch.kind).toBe('none');
  });

  function read(file: string): Report {
    return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Report;
  }
});

/** The era decision's input, rebuilt from a report's recorded server/discover and initialize steps. */
function answersOf(report: Report): EraAnswers {
  const step = (id: string) => report.steps.find((s) => s.id === id);
  const discover = answer(step('server/discover'), 'discover-1');
  const init = answer(step('initialize'), 1);
  const result = init.message?.result as { protocolVersion?: unknown } | undefined;
  return {
    discover: classifyDiscover({
      ...(discover.status !== undefined ? { status: discover.status } : {}),
      auth: discover.auth,
      ...(discover.message?.result !== undefined ? { result: discover.message.result } : {}),
      ...(discover.message?.error ? { rpcErrorCode: discover.message.error.code } : {}),
      ...(Array.isArray(discover.message?.error?.data?.supported) ? { supported: discover.message.error.data.supported } : {}),
    }),
    initialize: { auth: init.auth, handshake: !init.auth && isLegacyVersion(result?.protocolVersion), ...(init.status !== undefined ? { status: init.status } : {}) },
  };
}

interface Message {
  id?: unknown;
  result?: unknown;
  error?: { code: number; data?: { supported?: string[] } };
}

/** A recorded answer: its status, whether it asks for credentials, and the JSON-RPC message answering `id`. */
function answer(step: Step | undefined, id: string | number): { status?: number; auth: boolean; message?: Message } {
  const res = step?.response;
  if (!res) return { auth: false };
  const challenge = res.headers.find(([k]) => k.toLowerCase() === 'www-authenticate')?.[1] ?? '';
  const auth = res.status === 401 || (res.status === 403 && /(^|[\s,])bearer(\s|$)/i.test(challenge));
  const texts = res.sse?.length ? res.sse.map((f) => f.data) : [res.body];
  const messages = texts.flatMap((t) => {
    try {
      return [JSON.parse(t) as Message];
    } catch {
      return [];
    }
  });
  // A result counts only when it answers this request (a response with another id is dropped); an
  // error counts whatever its id (servers answer "no session" with id null).
  const message = messages.find((m) => (m.result !== undefined && m.id === id) || m.error !== undefined);
  return { status: res.status, auth, ...(message ? { message } : {}) };
}
