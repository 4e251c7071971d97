// The engine against real MCP servers from npm and against fixtures for misbehaviour no real
// server shows on demand. Everything runs on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckDeps } from '@/lib/check';
import { Report, type Step } from '@/lib/report/schema';
import { startPeer, type Peer, type PeerKind } from '../peers';
import { refusedPortUrl, serve, startFixture, type Fixture, type FixtureKind } from '../fixtures';
import { testDeps } from './deps';
import { misbehave, startMisbehave } from '../fixtures/misbehave';

const deps: CheckDeps = testDeps();

/** A step as JSON with its members in one order (the report and the live feed build them differently). */
const canonical = (step: Step): string =>
  JSON.stringify(step, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

interface Expect {
  verdict: Report['verdict'];
  era: Report['era'];
  tools: number;
  versions?: string[];
  /** Error-level findings the peer really earns (each one checked by hand against the wire). */
  errors?: string[];
}

const PEERS: Array<[PeerKind, Expect]> = [
  ['sdk1-json', { verdict: 'healthy', era: 'legacy', tools: 3, versions: ['2025-11-25', '2025-03-26'] }],
  ['sdk1-sse', { verdict: 'healthy', era: 'legacy', tools: 3, versions: ['2025-11-25', '2025-03-26'] }],
  ['sdk1-httpsse', { verdict: 'partial', era: 'http+sse', tools: 3 }],
  ['sdk2-modern', { verdict: 'healthy', era: 'modern', tools: 3, versions: ['2026-07-28'] }],
  ['sdk2-dual', { verdict: 'healthy', era: 'modern', tools: 3, versions: ['2026-07-28', '2025-11-25'] }],
  ['everything', { verdict: 'healthy', era: 'legacy', tools: 13, versions: ['2025-11-25', '2025-03-26'] }],
  ['tmcp', { verdict: 'healthy', era: 'modern', tools: 3 }],
  // mcp-lite answers the standalone GET with 400 text/plain: the transport's MUST is an event stream or 405.
  ['mcp-lite', { verdict: 'healthy', era: 'legacy', tools: 3, versions: ['2025-03-26'], errors: ['T12'] }],
];

describe('real peers', () => {
  const peers = new Map<PeerKind, Peer>();
  beforeAll(async () => {
    const started = await Promise.all(PEERS.map(([kind]) => startPeer(kind)));
    for (const p of started) peers.set(p.kind, p);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...peers.values()].map((p) => p.stop()));
  });

  it.each(PEERS)('%s gets the right verdict, era and tool count', async (kind, want) => {
    // The core path only: the probes' findings on real peers are judged in findings.test.ts.
    const report = await runCheck({ url: peers.get(kind)!.url, probes: false }, deps);
    expect(Report.parse(report)).toBeTruthy();
    expect({ verdict: report.verdict, era: report.era, tools: report.tools.length }, report.summary).toEqual({
      verdict: want.verdict,
      era: want.era,
      tools: want.tools,
    });
    if (want.versions) expect(report.supportedVersions).toEqual(want.versions);
    // Real servers get exactly the error-level findings they earn, no more.
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.id)).toEqual(want.errors ?? []);
    // Every step is recorded as sent.
    for (const s of report.steps) expect(s.request?.headers.length).toBeGreaterThan(0);
  });

  // A step is final once sent (lib/mcp/step-feed.ts): a row the page shows live never changes
  // afterwards. One peer per runner that labels rows late: the legacy path (the era probes are
  // relabelled once both answered), a dual-era server (the modern runner keeps the legacy answer),
  // and HTTP+SSE (whose POST rows are labelled when the answer arrives on the stream).
  it.each([['sdk1-sse'], ['sdk2-dual'], ['sdk1-httpsse']] as const)("%s: every step sent live is the report's step, unchanged", async (kind) => {
    const heard: string[] = [];
    const report = await runCheck({ url: peers.get(kind)!.url }, testDeps({ onStep: (step) => heard.push(canonical(step)) }));
    expect(heard.sort()).toEqual(report.steps.map(canonical).sort());
  });

  it('"Who can connect" names the official SDK clients: v1 cannot reach a 2026-07-28-only server, v2 can; both reach a dual-era one', async () => {
    const sdkRows = async (kind: PeerKind) =>
      (await runCheck({ url: peers.get(kind)!.url, probes: false }, deps)).compat?.filter((r) => r.client.startsWith('Official TypeScript SDK')).map((r) => [r.client, r.status]);
    expect(await sdkRows('sdk2-modern')).toEqual([
      ['Official TypeScript SDK v1 client', 'no'],
      ['Official TypeScript SDK v2 client', 'yes'],
    ]);
    expect(await sdkRows('sdk2-dual')).toEqual([
      ['Official TypeScript SDK v1 client', 'yes'],
      ['Official TypeScript SDK v2 client', 'yes'],
    ]);
  });

  it('legacy: sends the negotiated MCP-Protocol-Version and session id after initialize, and ends the session', async () => {
    const report = await runCheck({ url: peers.get('sdk1-sse')!.url }, deps);
    const names = report.steps.filter((s) => s.era === 'legacy').map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['initialize', 'notifications/initialized', 'ping', 'tools/list', 'DELETE session']));
    const ping = report.steps.find((s) => s.name === 'ping')!;
    const h = Object.fromEntries(ping.request!.headers);
    expect(h['mcp-protocol-version']).toBe('2025-11-25');
    expect(h['mcp-session-id']).toBe(report.session?.id);
    expect(report.session).toMatchObject({ issued: true, ended: 'ended' });
    // SSE answers are decoded into frames.
    expect(report.steps.find((s) => s.name === 'tools/list' && s.era === 'legacy')?.response?.sse?.length).toBeGreaterThan(0);
  });

  it('modern: every request carries _meta and the mirrored headers; no session', async () => {
    const report = await runCheck({ url: peers.get('sdk2-modern')!.url }, deps);
    const list = report.steps.find((s) => s.era === 'modern' && s.name === 'tools/list')!;
    const body = JSON.parse(list.request!.body!) as { params: { _meta: Record<string, unknown> } };
    expect(body.params._meta['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    expect(Object.fromEntries(list.request!.headers)['mcp-method']).toBe('tools/list');
    expect(report.serverInfo?.name).toBeTruthy();
    expect(report.steps.some((s) => s.name === 'DELETE session')).toBe(false);
  });

  it("a person's headers are sent but masked in the report, and cannot override protocol headers", async () => {
    const report = await runCheck(
      { url: peers.get('sdk1-json')!.url, headers: { Authorization: 'Bearer sekrit-token-123', Accept: 'text/html', 'X-Trace': 'abc12345' } },
      deps,
    );
    const init = report.steps.find((s) => s.name === 'initialize')!;
    const h = Object.fromEntries(init.request!.headers);
    expect(h.accept).toBe('application/json, text/event-stream');
    expect(h.Authorization).toBe('Bearer ••••••');
    expect(JSON.stringify(report)).not.toContain('sekrit-token-123');
    expect(report.verdict).toBe('healthy');
  });
});

const FIXTURES: Array<[FixtureKind, Report['verdict'], string | RegExp]> = [
  ['html', 'unreachable', /HTML page: it points at a website/],
  ['not-found', 'unreachable', /HTTP 404/],
  ['accept-406', 'unreachable', /406/],
  ['server-error', 'unreachable', /HTTP 500/],
  ['wrong-id', 'unreachable', /id/],
  ['ping-unsupported', 'healthy', /Healthy/],
  ['zero-tools', 'partial', /lists no tools/],
  ['sse-notifications-first', 'healthy', /Healthy: 2 tools/],
];

describe('statuses and notes match the wire', () => {
  it('an HTTP+SSE server: the Streamable HTTP rows say why they failed, with no raw HTML and no "wrong path" advice', async () => {
    const peer = await startPeer('sdk1-httpsse');
    try {
      const report = await runCheck({ url: peer.url, probes: false }, deps);
      const discover = report.steps.find((s) => s.id === 'server/discover')!;
      const init = report.steps.find((s) => s.id === 'initialize')!;
      // server/discover got a 404 HTML page: never a green row.
      expect(discover.response?.status).toBe(404);
      expect(discover.status).not.toBe('ok');
      expect(discover.notes).toMatch(/HTTP 404/);
      expect(init.notes).toMatch(/HTTP 404, an HTML page \(title: Error\)/);
      expect(init.notes).toMatch(/HTTP\+SSE/);
      for (const s of report.steps) {
        expect(s.notes, s.id).not.toMatch(/<[a-z!]/i);
        expect(s.notes, s.id).not.toMatch(/often ending in \/mcp/);
      }
      // The SDK's SSE server echoes 2025-11-25, a revision whose transport is Streamable HTTP.
      expect(report.protocolVersion).toBe('2025-11-25');
      expect(report.findings.find((f) => f.id === 'T23')).toMatchObject({ severity: 'info', stepId: 'initialize (HTTP+SSE)' });
      expect(report.steps.some((s) => s.id === 'initialize (HTTP+SSE)')).toBe(true);
    } finally {
      await peer.stop();
    }
  });
});

describe('our own connection pool', () => {
  it('a server that drops every reused keep-alive connection: each request is sent again on a new one, and the report stays healthy with no error', async () => {
    // Deterministic stand-in for the idle-socket race: a connection's second request is never answered.
    const perSocket = new WeakMap<object, number>();
    const inner = misbehave();
    const f = await serve((req, body) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n > 1) {
        req.socket.destroy();
        return undefined;
      }
      return inner(req, body);
    });
    try {
      const report = await runCheck({ url: f.url }, deps);
      expect(report.verdict, report.summary).toBe('healthy');
      expect(report.findings.filter((x) => x.severity === 'error')).toEqual([]);
      expect(report.steps.filter((s) => s.status === 'error')).toEqual([]);
      expect(report.steps.some((s) => s.timing?.retried)).toBe(true);
    } finally {
      await f.stop();
    }
  });
});

describe('protocol versions', () => {
  it('a server that answers -32022 naming only a future revision is up and speaking MCP: partial, saying so plainly, never DOWN', async () => {
    const f = await startMisbehave({
      era: 'modern',
      errorFor: { 'server/discover': { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2027-01-15'], requested: '2026-07-28' } } },
      modern: { initializeError: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2027-01-15'], requested: '2025-11-25' } } },
    });
    try {
      const report = await runCheck({ url: f.url, probes: false }, deps);
      expect(report.verdict).toBe('partial');
      expect(report.summary).toMatch(/^Partial: This server only speaks 2027-01-15; this checker speaks 2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26/);
      expect(report.supportedVersions).toEqual(['2027-01-15']);
      expect(report.steps.find((s) => s.id === 'server/discover')).toMatchObject({ status: 'warn', notes: '-32022: the server speaks only 2027-01-15' });
    } finally {
      await f.stop();
    }
  });

  it('a modern-only error naming legacy versions: the discover row says initialize is the retry a client makes, and the check gets in', async () => {
    // Stateless, so the fixture answers server/discover itself rather than "no session".
    const f = await startMisbehave({
      sessionId: null,
      errorFor: { 'server/discover': { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2025-11-25', '2025-06-18'], requested: '2026-07-28' }, status: 400 } },
    });
    try {
      const report = await runCheck({ url: f.url, probes: false }, deps);
      expect(report.verdict).toBe('healthy');
      expect(report.era).toBe('legacy');
      expect(report.steps.find((s) => s.id === 'server/discover')?.notes).toBe('-32022: the server speaks 2025-11-25, 2025-06-18 (data.supported), so a client retries with initialize, as this check did');
    } finally {
      await f.stop();
    }
  });
});

describe('fixtures', () => {
  const running: Fixture[] = [];
  afterAll(async () => {
    await Promise.all(running.map((f) => f.stop()));
  });
  const start = async (kind: FixtureKind) => {
    const f = await startFixture(kind);
    running.push(f);
    return f;
  };

  it.each(FIXTURES)('%s → %s with an actionable summary', async (kind, verdict, summary) => {
    const f = await start(kind);
    const report = await runCheck({ url: f.url }, deps);
    expect(report.verdict, report.summary).toBe(verdict);
    expect(report.summary).toMatch(summary);
  });

  it('wrong id is reported as ID_MISMATCH with finding T3', async () => {
    const f = await start('wrong-id');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.steps.find((s) => s.name === 'initialize')?.error?.code).toBe('ID_MISMATCH');
    expect(report.findings.map((x) => x.id)).toContain('T3');
  });

  it('406 on the required Accept header is finding T8', async () => {
    const f = await start('accept-406');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.findings.map((x) => x.id)).toContain('T8');
  });

  it('ping answered -32601 stays healthy with finding L4', async () => {
    const f = await start('ping-unsupported');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.findings.find((x) => x.id === 'L4')?.message).toMatch(/-32601/);
    expect(report.steps.find((s) => s.name === 'ping')?.status).toBe('warn');
  });

  it('a server that never answers times out within the step budget', async () => {
    const f = await start('hang');
    const t = Date.now();
    const report = await runCheck({ url: f.url }, { ...deps, stepTimeoutMs: 1500 });
    expect(Date.now() - t).toBeLessThan(6000);
    expect(report.verdict).toBe('unreachable');
    expect(report.steps.find((s) => s.name === 'initialize')?.error?.code).toBe('TIMEOUT');
  });

  it('a refused port is CONNECT with a sentence that says nothing listens', async () => {
    const report = await runCheck({ url: await refusedPortUrl() }, deps);
    expect(report.verdict).toBe('unreachable');
    expect(report.summary).toMatch(/refused the connection/);
  });
});
