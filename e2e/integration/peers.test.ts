/**
 * Proves the test harness: every real peer and every fixture starts on
 * 127.0.0.1, answers a raw request the way e2e/peers/README.md says, and stops
 * without leaving a process behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEER_KINDS, groupAlive, startPeer, type Peer, type PeerKind } from '@/e2e/peers';
import { FIXTURE_KINDS, refusedPortUrl, startFixture, type Fixture, type FixtureKind } from '@/e2e/fixtures';

// ------------------------------------------------------------ raw HTTP helpers

const ACCEPT_BOTH = 'application/json, text/event-stream';
const CLIENT_INFO = { name: 'mcp-health-test', version: '0.0.0' };

interface RawAnswer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

async function post(url: string, message: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, text };
}

const initialize = (url: string, protocolVersion = '2025-11-25', id: number | string = 1): Promise<RawAnswer> =>
  post(url, { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: CLIENT_INFO } });

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
};

const modern = (url: string, method: string, id: number | string = 'm1'): Promise<RawAnswer> =>
  post(
    url,
    { jsonrpc: '2.0', id, method, params: { _meta: MODERN_META } },
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method },
  );

interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** Small WHATWG event-stream parser (comments ignored, multi-line data joined). */
function parseSse(body: string): SseEvent[] {
  const events: SseEvent[] = [];
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let sawData = false;
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (sawData) events.push({ event: event || 'message', id, data: data.join('\n') });
      data = [];
      event = '';
      sawData = false;
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      sawData = true;
    } else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }
  return events;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON-RPC messages in a JSON or SSE body (priming events skipped). */
function messages(a: RawAnswer): JsonObject[] {
  const texts = a.contentType.startsWith('text/event-stream')
    ? parseSse(a.text)
        .map((e) => e.data)
        .filter((d) => d.trim() !== '')
    : [a.text];
  return texts.map((t): unknown => JSON.parse(t)).filter(isObject);
}

/** The one JSON-RPC response (a message with result or error) in an answer. */
function response(a: RawAnswer): JsonObject {
  const found = messages(a).filter((m) => 'result' in m || 'error' in m);
  expect(found).toHaveLength(1);
  const r = found[0];
  if (r === undefined) throw new Error('no response');
  return r;
}

const obj = (v: unknown): JsonObject => {
  if (!isObject(v)) throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v;
};
const result = (a: RawAnswer): JsonObject => obj(response(a).result);
const error = (a: RawAnswer): JsonObject => obj(response(a).error);

/** initialize → notifications/initialized → one more request in the session. */
async function legacySession(url: string, method: string): Promise<{ init: RawAnswer; answer: RawAnswer }> {
  const init = await initialize(url);
  const version = String(result(init).protocolVersion);
  const sid = init.headers.get('mcp-session-id');
  const headers: Record<string, string> = { 'mcp-protocol-version': version, ...(sid === null ? {} : { 'mcp-session-id': sid }) };
  const ack = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  expect(ack.status).toBe(202);
  const answer = await post(url, { jsonrpc: '2.0', id: 2, method, params: {} }, headers);
  return { init, answer };
}

const toolNames = (a: RawAnswer): string[] => {
  const tools = result(a).tools;
  if (!Array.isArray(tools)) throw new Error('tools is not an array');
  return tools.map((t) => String(obj(t).name));
};

// ------------------------------------------------------------ peers

describe('real MCP peers', () => {
  const peers = new Map<string, Peer>();
  const peer = (key: string): Peer => {
    const p = peers.get(key);
    if (p === undefined) throw new Error(`peer ${key} did not start`);
    return p;
  };

  beforeAll(async () => {
    const starts: Array<Promise<void>> = PEER_KINDS.map(async (kind: PeerKind) => {
      peers.set(kind, await startPeer(kind));
    });
    starts.push(startPeer('sdk1-json', { tools: 0 }).then((p) => void peers.set('sdk1-json/0', p)));
    starts.push(startPeer('sdk2-dual', { tools: 0 }).then((p) => void peers.set('sdk2-dual/0', p)));
    const settled = await Promise.allSettled(starts);
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length > 0) throw new Error(failed.map((f) => String(f.reason)).join('\n'));
  });

  afterAll(async () => {
    const all = [...peers.values()];
    await Promise.all(all.map((p) => p.stop()));
    // Nothing of any peer's process group may still run after stop() (zombies waiting for PID 1 to
    // reap them hold no port and no CPU; groupAlive ignores them).
    for (const p of all) {
      expect(groupAlive(p.pid), `peer ${p.kind} pid ${p.pid}`).toBe(false);
    }
  });

  it('every peer listens on 127.0.0.1', () => {
    for (const p of peers.values()) expect(new URL(p.url).hostname).toBe('127.0.0.1');
  });

  it('sdk1-json: initialize → JSON, 2025-11-25, session id; discover → 400 -32000', async () => {
    const url = peer('sdk1-json').url;
    const init = await initialize(url);
    expect(init.status).toBe(200);
    expect(init.contentType).toMatch(/^application\/json/);
    expect(init.headers.get('mcp-session-id')).toMatch(/^[\x21-\x7e]+$/);
    expect(result(init).protocolVersion).toBe('2025-11-25');
    const discover = await modern(url, 'server/discover');
    expect(discover.status).toBe(400);
    expect(error(discover).code).toBe(-32000);
  });

  it('sdk1-json with tools: 0 still advertises tools and lists none', async () => {
    const { init, answer } = await legacySession(peer('sdk1-json/0').url, 'tools/list');
    expect(obj(result(init).capabilities).tools).toBeDefined();
    expect(toolNames(answer)).toEqual([]);
  });

  it('sdk1-sse: initialize → SSE, 2025-11-25, session id; tools/list → 3 tools', async () => {
    const { init, answer } = await legacySession(peer('sdk1-sse').url, 'tools/list');
    expect(init.status).toBe(200);
    expect(init.contentType).toMatch(/^text\/event-stream/);
    expect(init.headers.get('mcp-session-id')).not.toBeNull();
    expect(result(init).protocolVersion).toBe('2025-11-25');
    expect(answer.contentType).toMatch(/^text\/event-stream/);
    expect(toolNames(answer)).toEqual(['get_forecast', 'add_numbers', 'delete_note']);
  });

  it('sdk1-httpsse: GET /sse → endpoint event; initialize answered on the stream with 2024-11-05', async () => {
    const url = peer('sdk1-httpsse').url;
    expect(new URL(url).pathname).toBe('/sse');
    const ctrl = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: ctrl.signal });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const body = res.body;
      if (body === null) throw new Error('no body');
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      const nextEvents = async (want: number): Promise<SseEvent[]> => {
        for (;;) {
          const evs = parseSse(buf);
          if (evs.length >= want) return evs;
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buf += value;
        }
      };
      const [endpoint] = await nextEvents(1);
      expect(endpoint?.event).toBe('endpoint');
      const postUrl = new URL(endpoint?.data ?? '', url).toString();
      expect(postUrl).toMatch(/\/messages\?sessionId=/);
      const ack = await initialize(postUrl, '2024-11-05');
      expect(ack.status).toBe(202);
      const evs = await nextEvents(2);
      const msg = obj(JSON.parse(evs[1]?.data ?? 'null'));
      expect(obj(msg.result).protocolVersion).toBe('2024-11-05');
    } finally {
      ctrl.abort();
    }
    // A Streamable HTTP POST to the old-style endpoint is an HTML 404 from express.
    const wrongEra = await initialize(url);
    expect(wrongEra.status).toBe(404);
  });

  it('sdk2-modern: discover → 200 JSON [2026-07-28]; initialize → 400 -32022; tools/list → 3 tools', async () => {
    const url = peer('sdk2-modern').url;
    const discover = await modern(url, 'server/discover');
    expect(discover.status).toBe(200);
    expect(discover.contentType).toMatch(/^application\/json/);
    const r = result(discover);
    expect(r.supportedVersions).toEqual(['2026-07-28']);
    expect(r.resultType).toBe('complete');
    expect(obj(r._meta)['io.modelcontextprotocol/serverInfo']).toMatchObject({ name: 'peer-sdk2-modern' });
    const init = await initialize(url);
    expect(init.status).toBe(400);
    expect(error(init)).toMatchObject({ code: -32022, data: { supported: ['2026-07-28'] } });
    const list = await modern(url, 'tools/list');
    expect(list.status).toBe(200);
    expect(toolNames(list)).toHaveLength(3);
  });

  it('sdk2-dual: discover → 200 [2026-07-28]; legacy initialize → SSE 2025-11-25 without session', async () => {
    const url = peer('sdk2-dual').url;
    const discover = await modern(url, 'server/discover');
    expect(discover.status).toBe(200);
    expect(result(discover).supportedVersions).toEqual(['2026-07-28']);
    const init = await initialize(url);
    expect(init.status).toBe(200);
    expect(init.contentType).toMatch(/^text\/event-stream/);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect(result(init).protocolVersion).toBe('2025-11-25');
  });

  it('sdk2-dual with tools: 0 lists no tools (modern tools/list)', async () => {
    const url = peer('sdk2-dual/0').url;
    expect(obj(result(await modern(url, 'server/discover')).capabilities).tools).toBeDefined();
    const list = await modern(url, 'tools/list');
    expect(list.status).toBe(200);
    expect(toolNames(list)).toEqual([]);
  });

  it('everything: initialize → SSE with priming event, 2025-11-25, session id; discover → 400 -32000', async () => {
    const url = peer('everything').url;
    const init = await initialize(url);
    expect(init.status).toBe(200);
    expect(init.contentType).toMatch(/^text\/event-stream/);
    expect(init.headers.get('mcp-session-id')).not.toBeNull();
    const first = parseSse(init.text)[0];
    expect(first?.data).toBe('');
    expect(first?.id).toBeTruthy();
    expect(result(init).protocolVersion).toBe('2025-11-25');
    const discover = await modern(url, 'server/discover');
    expect(discover.status).toBe(400);
    expect(error(discover).code).toBe(-32000);
  });

  it('tmcp: initialize(2025-11-25) → SSE 2025-06-18 with session; discover → 200 SSE [2026-07-28]', async () => {
    const url = peer('tmcp').url;
    const init = await initialize(url);
    expect(init.status).toBe(200);
    expect(init.contentType).toMatch(/^text\/event-stream/);
    expect(init.headers.get('mcp-session-id')).not.toBeNull();
    expect(result(init).protocolVersion).toBe('2025-06-18');
    const discover = await modern(url, 'server/discover');
    expect(discover.status).toBe(200);
    expect(discover.contentType).toMatch(/^text\/event-stream/);
    expect(result(discover).supportedVersions).toEqual(['2026-07-28']);
  });

  it('mcp-lite: initialize(2025-11-25) → JSON 2025-03-26, no session; tools/list → SSE; discover → 400 -32602', async () => {
    const url = peer('mcp-lite').url;
    const { init, answer } = await legacySession(url, 'tools/list');
    expect(init.status).toBe(200);
    expect(init.contentType).toMatch(/^application\/json/);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    expect(result(init).protocolVersion).toBe('2025-03-26');
    expect(answer.contentType).toMatch(/^text\/event-stream/);
    expect(toolNames(answer)).toHaveLength(3);
    const discover = await modern(url, 'server/discover');
    expect(discover.status).toBe(400);
    expect(error(discover)).toMatchObject({ code: -32602, data: { expectedVersion: expect.any(Array) } });
  });
});

// ------------------------------------------------------------ fixtures

describe('fixtures', () => {
  const fixtures = new Map<FixtureKind, Fixture>();
  const fixture = (k: FixtureKind): Fixture => {
    const f = fixtures.get(k);
    if (f === undefined) throw new Error(`fixture ${k} did not start`);
    return f;
  };

  beforeAll(async () => {
    await Promise.all(FIXTURE_KINDS.map(async (k) => fixtures.set(k, await startFixture(k))));
  });
  afterAll(async () => {
    await Promise.all([...fixtures.values()].map((f) => f.stop()));
  });

  it('html: 200 text/html', async () => {
    const a = await initialize(fixture('html').url);
    expect(a.status).toBe(200);
    expect(a.contentType).toMatch(/^text\/html/);
    expect(fixture('html').requests).toHaveLength(1);
  });

  it('not-found: 404 text/plain', async () => {
    const a = await initialize(fixture('not-found').url);
    expect(a.status).toBe(404);
    expect(a.contentType).toMatch(/^text\/plain/);
  });

  it('accept-406: 406 even with the correct Accept header', async () => {
    const a = await initialize(fixture('accept-406').url);
    expect(a.status).toBe(406);
    expect(fixture('accept-406').requests[0]?.headers.accept).toBe(ACCEPT_BOTH);
  });

  it('server-error: 500', async () => {
    expect((await initialize(fixture('server-error').url)).status).toBe(500);
  });

  it('wrong-id: initialize answered with another id; discover → 400 -32600', async () => {
    const url = fixture('wrong-id').url;
    const a = await initialize(url, '2025-11-25', 7);
    expect(a.status).toBe(200);
    expect(response(a).id).not.toBe(7);
    const d = await modern(url, 'server/discover');
    expect(d.status).toBe(400);
    expect(error(d).code).toBe(-32600);
  });

  it('ping-unsupported: ping → -32601, tools/list → 2 tools, discover → 400 -32000, DELETE → 200', async () => {
    const url = fixture('ping-unsupported').url;
    const { init, answer } = await legacySession(url, 'ping');
    expect(result(init)).toMatchObject({ protocolVersion: '2025-11-25', capabilities: { tools: {} } });
    expect(error(answer).code).toBe(-32601);
    const sid = init.headers.get('mcp-session-id') ?? '';
    const list = await post(url, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, { 'mcp-session-id': sid });
    expect(toolNames(list)).toHaveLength(2);
    const d = await modern(url, 'server/discover');
    expect(d.status).toBe(400);
    expect(error(d).code).toBe(-32000);
    const del = await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': sid } });
    expect(del.status).toBe(200);
  });

  it('zero-tools: empty tool list', async () => {
    const { answer } = await legacySession(fixture('zero-tools').url, 'tools/list');
    expect(toolNames(answer)).toEqual([]);
  });

  it('sse-notifications-first: priming, comment, notifications (one multi-line), then the response', async () => {
    const { init, answer } = await legacySession(fixture('sse-notifications-first').url, 'tools/list');
    expect(init.contentType).toMatch(/^text\/event-stream/);
    expect(init.text).toContain('\n: keep-alive\n');
    const evs = parseSse(answer.text);
    expect(evs.map((e) => e.data === '')).toEqual([true, false, false, false]);
    expect(evs[2]?.data).toContain('\n'); // two data lines joined
    const msgs = messages(answer);
    expect(msgs.map((m) => m.method ?? m.id)).toEqual(['notifications/message', 'notifications/message', 2]);
    expect(toolNames(answer)).toHaveLength(2);
  });

  it('hang: never answers', async () => {
    const f = fixture('hang');
    await expect(
      fetch(f.url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect(f.requests).toHaveLength(1);
  });

  it('echo-headers: echoes Authorization and puts all request headers in a tool description', async () => {
    const url = fixture('echo-headers').url;
    const secret = 'Bearer test-secret-123';
    const auth = { authorization: secret };
    const init = await post(
      url,
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: CLIENT_INFO } },
      auth,
    );
    expect(init.headers.get('x-echo-authorization')).toBe(secret);
    const sid = init.headers.get('mcp-session-id') ?? '';
    const list = await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...auth, 'mcp-session-id': sid });
    const tools = result(list).tools;
    expect(JSON.stringify(tools)).toContain('test-secret-123');
  });

  it('modern-basic: discover → 200 JSON; initialize → 400 -32022; GET → 405', async () => {
    const url = fixture('modern-basic').url;
    const d = await modern(url, 'server/discover');
    expect(d.status).toBe(200);
    expect(d.contentType).toMatch(/^application\/json/);
    expect(result(d)).toMatchObject({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
      cacheScope: 'public',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fixture-modern-basic' } },
    });
    const list = await modern(url, 'tools/list');
    expect(result(list)).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    expect(toolNames(list)).toHaveLength(2);
    const init = await initialize(url);
    expect(init.status).toBe(400);
    expect(error(init)).toMatchObject({ code: -32022, data: { supported: ['2026-07-28'] } });
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
  });

  it('refusedPortUrl: connection refused', async () => {
    const url = await refusedPortUrl();
    expect(new URL(url).hostname).toBe('127.0.0.1');
    await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
