import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Outbound, OutboundResponse } from '../net/types';
import { exchange, MAX_RESUME_WAIT_MS, MAX_RESUMES, type CallSpec, type CheckContext } from './exchange';
import { DEFAULT_LIMITS } from './read';

function forceGc(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('exchange', () => {
  it('times a step out at its budget even when a garbage collection runs meanwhile (nodejs/node#57736)', async () => {
    // An outbound that answers only when its signal aborts, like a server that never finishes.
    const outbound: Outbound = (req) =>
      new Promise((resolve) => {
        req.signal?.addEventListener('abort', () => resolve({ ok: false, error: { code: 'TIMEOUT', message: 'timed out' }, timing: { totalMs: 0 } }), { once: true });
      });
    const ctx: CheckContext = {
      outbound,
      t0: performance.now(),
      signal: new AbortController().signal,
      stepTimeoutMs: 200,
      limits: DEFAULT_LIMITS,
      userHeaders: {},
      steps: [],
    };
    const pending = exchange(ctx, { stepId: 'ping', name: 'ping', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: {}, message: { jsonrpc: '2.0', id: 1, method: 'ping' }, expectId: 1 });
    await new Promise((r) => setTimeout(r, 20));
    forceGc();
    const outcome = await Promise.race([pending, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 3_000))]);
    expect(outcome === 'hung' ? 'hung' : outcome.error?.code).toBe('TIMEOUT');
  });
});

describe('resuming a stream the server closed before the response (2025-11-25 polling)', () => {
  const enc = new TextEncoder();
  const sse = (status: number, text: string, extra: Array<[string, string]> = []): OutboundResponse => ({
    status,
    statusText: '',
    url: 'http://127.0.0.1:9/mcp',
    headers: [['content-type', status === 200 ? 'text/event-stream' : 'text/plain'], ...extra],
    body: (async function* () {
      yield enc.encode(text);
    })(),
    timing: { totalMs: 0 },
    close: () => undefined,
  });
  const answer = 'data: {"jsonrpc":"2.0","id":1,"result":{"tools":[]}}\n\n';
  /** An outbound that answers the POST and then each GET from a script, and records what was sent. */
  function scripted(post: string, gets: Array<[number, string]>, postHeaders: Array<[string, string]> = []) {
    const sent: Array<{ method: string; headers: Record<string, string>; at: number }> = [];
    const outbound: Outbound = async (req) => {
      sent.push({ method: req.method, headers: req.headers, at: performance.now() });
      if (req.method === 'POST') return { ok: true, response: sse(200, post, postHeaders) };
      const [status, text] = gets.shift() ?? [405, ''];
      return { ok: true, response: sse(status, text) };
    };
    const ctx: CheckContext = { outbound, t0: performance.now(), signal: new AbortController().signal, stepTimeoutMs: 2_000, limits: DEFAULT_LIMITS, userHeaders: { authorization: 'Bearer s3cret' }, steps: [] };
    return { ctx, sent };
  }
  const list = (extra: Partial<CallSpec> = {}): CallSpec => ({
    stepId: 'tools/list',
    name: 'tools/list',
    era: 'legacy',
    method: 'POST',
    url: 'http://127.0.0.1:9/mcp',
    headers: { 'mcp-session-id': 'sess-1', 'mcp-protocol-version': '2025-11-25' },
    message: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    expectId: 1,
    ...extra,
  });

  it('waits the retry time, resumes from the last event id each time, and takes the response', async () => {
    const { ctx, sent } = scripted('id: a\nretry: 30\ndata: \n\n', [
      [200, 'id: b\ndata: \n\n'],
      [200, `id: c\n${answer}`],
    ]);
    const x = await exchange(ctx, list());
    expect(x.match).toMatchObject({ kind: 'result', id: 1 });
    expect(x.step.response?.sseRetry).toBe(30);
    expect(x.step.response?.sse?.[0]).toEqual({ event: 'message', id: 'a', retry: 30, data: '' });
    expect(sent.map((s) => [s.method, s.headers['last-event-id']])).toEqual([['POST', undefined], ['GET', 'a'], ['GET', 'b']]);
    // The person's headers go along, and the session and version of the POST.
    expect(sent[1]?.headers).toMatchObject({ accept: 'text/event-stream', authorization: 'Bearer s3cret', 'mcp-session-id': 'sess-1', 'mcp-protocol-version': '2025-11-25' });
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(29);
    expect(x.resumed?.map((g) => `${g.step.id}: ${g.step.status}`)).toEqual(['tools/list resume: info', 'tools/list resume 2: ok']);
    expect(ctx.steps.map((s) => s.id)).toEqual(['tools/list', 'tools/list resume', 'tools/list resume 2']);
    // Secrets stay masked in the resumed row too.
    expect(ctx.steps[1]?.request?.headers.find(([k]) => k === 'authorization')?.[1]).not.toContain('s3cret');
  });

  it('resumes an initialize with the session id its own response issued, as the SDK clients do', async () => {
    const { ctx, sent } = scripted('id: a\ndata: \n\n', [[200, `id: b\n${answer}`]], [['mcp-session-id', 'issued-7']]);
    const x = await exchange(ctx, list({ stepId: 'initialize', name: 'initialize', headers: {}, message: { jsonrpc: '2.0', id: 1, method: 'initialize' } }));
    expect(x.match).toMatchObject({ kind: 'result', id: 1 });
    expect(sent[1]?.headers['mcp-session-id']).toBe('issued-7');
  });

  it(`stops after ${MAX_RESUMES} resumptions, or at the first answer that is not an event stream`, async () => {
    const again: [number, string] = [200, 'id: z\ndata: \n\n'];
    const a = scripted('id: a\ndata: \n\n', [again, again, again, again]);
    const xa = await exchange(a.ctx, list());
    expect(xa.match).toBeUndefined();
    expect(a.sent.filter((s) => s.method === 'GET')).toHaveLength(MAX_RESUMES);
    expect(xa.resumed?.at(-1)?.step.status).toBe('error');
    const b = scripted('id: a\ndata: \n\n', [[405, 'Method Not Allowed']]);
    const xb = await exchange(b.ctx, list());
    expect(xb.resumed?.map((g) => `${g.status} ${g.step.status}`)).toEqual(['405 error']);
  });

  it('does not resume a stream without an event id, a probe, a 2026-07-28 request, or a retry longer than it waits', async () => {
    for (const [post, spec] of [
      ['data: \n\n', list()],
      ['id: a\ndata: \n\n', list({ group: 'probe' })],
      ['id: a\ndata: \n\n', list({ era: 'modern' })],
      [`id: a\nretry: ${MAX_RESUME_WAIT_MS + 1}\ndata: \n\n`, list()],
    ] as const) {
      const { ctx, sent } = scripted(post, [[200, answer]]);
      const x = await exchange(ctx, spec);
      expect(x.resumed).toBeUndefined();
      expect(sent.map((s) => s.method)).toEqual(['POST']);
    }
  });
});
