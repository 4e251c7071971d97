// The outbound module against real sockets on 127.0.0.1: refusals happen before any connection,
// a name is resolved once and the connection is pinned to the checked address, redirects are
// re-checked hop by hop.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { selfSignedCert } from '../fixtures/hostile';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbound, type OutboundHandle } from '@/lib/net/outbound';
import { CLOSED_POLICY, type AddressPolicy } from '@/lib/net/policy';

/** Failsafe: whatever the policy decides, this file never opens a socket to anything but loopback. */
const loopbackOnly = (address: string) => address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');

let server: Server;
let port = 0;
let connections = 0;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

function handler(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const u = new URL(req.url ?? '/', 'http://x');
    const to = u.searchParams.get('to');
    const status = Number(u.searchParams.get('status') ?? 302);
    if (u.pathname === '/redirect' && to) {
      res.writeHead(status, { location: to }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, host: req.headers.host, method: req.method, body }));
  });
}

beforeAll(async () => {
  server = createServer(handler);
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

const resolver = (map: Record<string, string[]>, calls?: string[]) => async (hostname: string): Promise<LookupAddress[]> => {
  calls?.push(hostname);
  const a = map[hostname];
  if (!a) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

async function get(h: OutboundHandle, url: string, method: 'GET' | 'POST' = 'GET', body?: string) {
  const r = await h.fetch({ method, url, headers: { authorization: 'Bearer secret', accept: 'application/json' }, body, timeoutMs: 3000 });
  if (r.ok) {
    let text = '';
    for await (const c of r.response.body) text += Buffer.from(c).toString();
    r.response.close();
    return { ...r, text };
  }
  return { ...r, text: '' };
}

describe('refusals with the default (closed) policy happen before any connection', () => {
  it.each([
    (p: number) => `http://127.0.0.1:${p}/`,
    (p: number) => `http://2130706433:${p}/`,
    (p: number) => `http://0x7f.1:${p}/`,
    (p: number) => `http://[::ffff:127.0.0.1]:${p}/`,
    (p: number) => `http://localhost:${p}/`,
  ])('%s', async (make) => {
    const before = connections;
    const h = createOutbound({ connectGuard: loopbackOnly, policy: CLOSED_POLICY });
    const r = await get(h, make(port));
    await h.close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('BLOCKED');
    expect(connections).toBe(before);
  });

  it('refuses a name that resolves to a private address, if ANY of its addresses is private', async () => {
    const before = connections;
    // 127.0.0.2 stands in for a public address (allowed by the list); 127.0.0.1 is not allowed.
    const policy: AddressPolicy = { ...CLOSED_POLICY, allowHosts: ['127.0.0.2'] };
    const h = createOutbound({ connectGuard: loopbackOnly, policy, lookup: resolver({ 'mixed.test': ['127.0.0.2', '127.0.0.1'], 'fine.test': ['127.0.0.2'] }) });
    const a = await get(h, `http://mixed.test:${port}/`);
    await h.close();
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.error).toMatchObject({ code: 'BLOCKED', message: expect.stringContaining('mixed.test: it resolves to 127.0.0.1, which is a loopback address') });
    expect(connections).toBe(before);
  });

  it('the connect guard stops a socket even when the policy would allow it', async () => {
    const before = connections;
    const h = createOutbound({ policy: { ...CLOSED_POLICY, allowPrivate: true }, connectGuard: () => false, lookup: resolver({ 'any.test': ['127.0.0.1'] }) });
    const a = await get(h, `http://127.0.0.1:${port}/`);
    const b = await get(h, `http://any.test:${port}/`);
    await h.close();
    expect(!a.ok && a.error.code).toBe('BLOCKED');
    expect(!b.ok && b.error.code).toBe('BLOCKED');
    expect(connections).toBe(before);
  });

  it('refuses the metadata address and unsupported schemes', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: CLOSED_POLICY });
    const a = await get(h, 'http://169.254.169.254/latest/meta-data/');
    const b = await get(h, 'file:///etc/passwd');
    await h.close();
    expect(!a.ok && a.error.code).toBe('BLOCKED');
    expect(!a.ok && a.error.message).toContain('metadata');
    expect(!b.ok && b.error.code).toBe('INVALID_URL');
  });
});

describe('pinning', () => {
  it('resolves a name once per check and connects to the checked address, even if DNS changes its answer', async () => {
    const calls: string[] = [];
    let n = 0;
    const rebinding = async (hostname: string): Promise<LookupAddress[]> => {
      calls.push(hostname);
      // A rebinding resolver: the first answer passes the policy, later ones would not.
      return n++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }];
    };
    const policy: AddressPolicy = { allowPrivate: false, allowHosts: ['rebind.test', '127.0.0.1'], selfOrigins: [] };
    const h = createOutbound({ connectGuard: loopbackOnly, policy, lookup: rebinding });
    const results = await Promise.all([1, 2, 3].map(() => get(h, `http://rebind.test:${port}/x`)));
    await h.close();
    expect(calls).toEqual(['rebind.test']);
    for (const r of results) {
      expect(r.ok).toBe(true);
      // Host header and URL keep the name; only the socket goes to the pinned address.
      expect(JSON.parse(r.text)).toMatchObject({ host: `rebind.test:${port}` });
    }
  });

  it('strips userinfo and never sends it', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: { ...CLOSED_POLICY, allowPrivate: true } });
    const r = await get(h, `http://user:pw@127.0.0.1:${port}/userinfo`);
    await h.close();
    expect(r.ok).toBe(true);
    const last = seen.find((s) => s.url === '/userinfo');
    expect(last?.headers.authorization).toBe('Bearer secret');
    if (r.ok) expect(r.response.url).toBe(`http://127.0.0.1:${port}/userinfo`);
  });
});

describe('redirects, each hop re-checked', () => {
  const allowFixture: AddressPolicy = { allowPrivate: false, allowHosts: ['fixture.test'], selfOrigins: [] };
  const lookup = resolver({ 'fixture.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] });
  const enc = encodeURIComponent;

  it('follows a 307 keeping method and body, and records the hop', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: allowFixture, lookup });
    const r = await get(h, `http://fixture.test:${port}/redirect?status=307&to=${enc('/final')}`, 'POST', '{"jsonrpc":"2.0"}');
    await h.close();
    expect(r.ok).toBe(true);
    expect(JSON.parse(r.text)).toMatchObject({ method: 'POST', body: '{"jsonrpc":"2.0"}' });
    if (r.ok) expect(r.response.redirects).toEqual([{ status: 307, from: expect.stringContaining('/redirect'), to: `http://fixture.test:${port}/final` }]);
  });

  it('refuses a hop to 127.0.0.1 when only the first host is allowed', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: allowFixture, lookup });
    const r = await get(h, `http://fixture.test:${port}/redirect?to=${enc(`http://127.0.0.1:${port}/final`)}`);
    await h.close();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BLOCKED');
      expect(r.error.message).toContain('redirected to');
      expect(r.redirects).toHaveLength(1);
    }
  });

  it('does not turn a POST into a GET on 302/303; it reports it', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: allowFixture, lookup });
    const r = await get(h, `http://fixture.test:${port}/redirect?status=302&to=${enc('/final')}`, 'POST', '{}');
    await h.close();
    expect(!r.ok && r.error.code).toBe('REDIRECT');
    expect(!r.ok && r.error.message).toContain('307 or 308');
    expect(!r.ok && r.response?.status).toBe(302);
  });

  it('refuses a redirect to another scheme', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: allowFixture, lookup });
    const r = await get(h, `http://fixture.test:${port}/redirect?to=${enc(`https://fixture.test:${port}/`)}`);
    await h.close();
    expect(!r.ok && r.error.code).toBe('REDIRECT');
    expect(!r.ok && r.error.message).toContain('scheme');
  });

  it('drops the Authorization header on a hop to another origin', async () => {
    const h = createOutbound({ connectGuard: loopbackOnly, policy: { ...allowFixture, allowHosts: ['fixture.test', 'other.test'] }, lookup });
    const r = await get(h, `http://fixture.test:${port}/redirect?to=${enc(`http://other.test:${port}/cross`)}`);
    await h.close();
    expect(r.ok).toBe(true);
    const last = seen.filter((s) => s.url === '/cross').at(-1);
    expect(last?.headers.authorization).toBeUndefined();
    expect(last?.headers.accept).toBe('application/json');
  });

  it('refuses the app itself by address, whatever the name', async () => {
    const policy: AddressPolicy = { allowPrivate: true, allowHosts: [], selfOrigins: [`http://127.0.0.1:${port}`] };
    const h = createOutbound({ connectGuard: loopbackOnly, policy, lookup: resolver({ 'alias.test': ['127.0.0.2'] }) });
    const r = await get(h, `http://alias.test:${port}/`);
    await h.close();
    expect(!r.ok && r.error.code).toBe('BLOCKED');
    expect(!r.ok && r.error.message).toContain('itself');
  });
});

describe('timing', () => {
  it('an HTTPS request reports TCP connect and the TLS handshake apart, and a reused connection as reused', async () => {
    const { key, cert } = selfSignedCert();
    const server = createHttpsServer({ key, cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const handle = createOutbound({ policy: { ...CLOSED_POLICY, allowPrivate: true }, ca: [cert], connectGuard: (a) => a === '127.0.0.1' });
    try {
      const first = await handle.fetch({ method: 'GET', url: `https://127.0.0.1:${port}/`, headers: {}, timeoutMs: 5000 });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      for await (const _ of first.response.body) void _;
      expect(first.response.timing.reused).toBe(false);
      expect(first.response.timing.connectMs).toBeGreaterThanOrEqual(0);
      expect(first.response.timing.tlsMs).toBeGreaterThan(0);
      expect(first.response.timing.ttfbMs).toBeGreaterThanOrEqual((first.response.timing.connectMs ?? 0) + (first.response.timing.tlsMs ?? 0));
      // undici returns the socket to its pool just after the body ends.
      await new Promise((r) => setTimeout(r, 50));
      const second = await handle.fetch({ method: 'GET', url: `https://127.0.0.1:${port}/`, headers: {}, timeoutMs: 5000 });
      expect(second.ok && second.response.timing.reused).toBe(true);
      if (second.ok) second.response.close();
    } finally {
      await handle.close();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('a keep-alive socket the server closed', () => {
  /**
   * The race a pool of kept-alive sockets runs into: the server drops an idle connection just as the
   * next request goes out on it. Reproduced deterministically: every connection answers its first
   * request (advertising a long keep-alive) and is destroyed, unanswered, when its second arrives.
   */
  async function closesReusedSockets() {
    let opened = 0;
    const perSocket = new WeakMap<object, number>();
    const server = createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n > 1) {
        req.socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'keep-alive': 'timeout=60' }).end('{"ok":true}'));
    });
    server.keepAliveTimeout = 60_000;
    server.on('connection', () => opened++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, opened: () => opened };
  }

  it('is sent again once on a new connection, for GET and POST alike, and the timing records the retry', async () => {
    const s = await closesReusedSockets();
    const handle = createOutbound({ policy: { ...CLOSED_POLICY, allowPrivate: true }, connectGuard: loopbackOnly });
    try {
      const first = await get(handle, s.url);
      expect(first.ok && first.response.timing.retried).toBeFalsy();
      await new Promise((r) => setTimeout(r, 50)); // the socket is back in the pool
      const second = await get(handle, s.url, 'POST', '{"jsonrpc":"2.0","id":1,"method":"ping"}');
      expect(second.ok, JSON.stringify(second.ok ? '' : second.error)).toBe(true);
      expect(second.text).toBe('{"ok":true}');
      expect(second.ok && second.response.timing.retried).toMatch(/before any answer; sent again on a new connection/);
      expect(s.opened()).toBe(2);
    } finally {
      await handle.close();
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
  });

  it('a server that resets every connection gets one retry, not a loop, and the failure is reported with it', async () => {
    let hits = 0;
    const server = createServer((req) => {
      hits++;
      req.socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const handle = createOutbound({ policy: { ...CLOSED_POLICY, allowPrivate: true }, connectGuard: loopbackOnly });
    try {
      const r = await get(handle, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(r.ok).toBe(false);
      expect(hits).toBe(2);
      expect(!r.ok && r.timing.retried).toMatch(/sent again on a new connection/);
    } finally {
      await handle.close();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('ALLOW_HOSTS entries with a port', () => {
  it('open only that port: a request to the listed port goes through, another port of the same host is refused before any connection', async () => {
    const before = connections;
    const handle = createOutbound({ policy: { ...CLOSED_POLICY, allowHosts: [`127.0.0.1:${port}`] }, connectGuard: loopbackOnly });
    try {
      const ok = await get(handle, `http://127.0.0.1:${port}/x`);
      expect(ok.ok).toBe(true);
      const other = await get(handle, `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/x`);
      expect(other.ok).toBe(false);
      expect(!other.ok && other.error.code).toBe('BLOCKED');
      expect(connections).toBe(before + 1);
    } finally {
      await handle.close();
    }
  });
});
