/**
 * Well-behaved MCP endpoints that add a fixed delay D to every response, for the latency and load
 * benchmarks (docs/benchmarks.md). With D far above loopback and CPU costs, a check's wall time
 * divided by D is the number of round trips it waits for one after another.
 *
 * Kinds: `modern` (2026-07-28 only), `legacy` / `legacy-stateless` (2025-11-25 with or without
 * Mcp-Session-Id), `dual` / `dual-stateless` (both eras; the legacy side with or without sessions).
 *
 * Run as a child process so the servers' CPU does not share the checker's event loop:
 *   node --import tsx e2e/bench/delay-fixtures.ts '[{"kind":"legacy","delayMs":100}]'
 * prints `READY ["http://127.0.0.1:…/mcp", …]` and exits when stdin closes or on SIGTERM.
 */
import http from 'node:http';
import type net from 'node:net';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isRecord, parseMessage, TWO_TOOLS, type RpcMessage } from '../fixtures';

export type DelayKind = 'modern' | 'legacy' | 'legacy-stateless' | 'dual' | 'dual-stateless';
export const DELAY_KINDS: readonly DelayKind[] = ['modern', 'legacy', 'legacy-stateless', 'dual', 'dual-stateless'];

export interface DelaySpec {
  kind: DelayKind;
  delayMs: number;
  /**
   * Advertise resources and prompts too and list the tools in two pages: the check then has four
   * listings in flight after the handshake, beside the conformance probes (the bench's probes-on vs
   * --no-probes comparison uses it to see whether probes ever hold up a listing).
   */
  rich?: boolean;
}

export interface DelayServer {
  url: string;
  /** Requests answered so far, by HTTP method and JSON-RPC method ("POST initialize", "DELETE", …). */
  counts: Map<string, number>;
  /** Sessions issued and not yet ended by a DELETE. */
  openSessions(): number;
  /**
   * Hold every DELETE's answer (after its delay) until the returned function is called. A test uses
   * it to keep a check between its verdict and its clean-up for as long as it needs to look, instead
   * of racing a window of one delay.
   */
  holdDeletes(): () => void;
  stop(): Promise<void>;
}

const MODERN_VERSION = '2026-07-28';
const LEGACY_VERSIONS = ['2025-03-26', '2025-06-18', '2025-11-25'];

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});
const result = (id: RpcMessage['id'], r: unknown) => ({ jsonrpc: '2.0', id: id ?? null, result: r });
const error = (id: RpcMessage['id'], code: number, message: string, data?: unknown) => ({
  jsonrpc: '2.0',
  id: id ?? null,
  error: data === undefined ? { code, message } : { code, message, data },
});

const TOOLS = TWO_TOOLS;

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, mcp-protocol-version, mcp-session-id, mcp-method, mcp-name, last-event-id',
  'access-control-expose-headers': 'mcp-session-id, www-authenticate',
};

const SERVER_META = { 'io.modelcontextprotocol/serverInfo': { name: 'bench-delay', version: '1.0.0' } };

/** The listings of a rich fixture, by method; `tools/list` in two pages (cursor "p2"). */
function richList(m: RpcMessage): Record<string, unknown> | undefined {
  const cursor = m.params.cursor;
  if (m.method === 'tools/list') return cursor === undefined ? { tools: TOOLS.slice(0, 1), nextCursor: 'p2' } : cursor === 'p2' ? { tools: TOOLS.slice(1) } : undefined;
  if (m.method === 'resources/list') return { resources: [{ uri: 'file:///readme.md', name: 'readme', mimeType: 'text/markdown' }] };
  if (m.method === 'resources/templates/list') return { resourceTemplates: [{ uriTemplate: 'file:///{path}', name: 'file' }] };
  if (m.method === 'prompts/list') return { prompts: [{ name: 'summarize', arguments: [{ name: 'text', required: true }] }] };
  return undefined;
}
const RICH_CAPABILITIES = { tools: {}, resources: {}, prompts: {} };

function modernAnswer(m: RpcMessage, req: http.IncomingMessage, rich: boolean): Reply {
  const meta = isRecord(m.params._meta) ? m.params._meta : {};
  const version = meta['io.modelcontextprotocol/protocolVersion'];
  if (version !== MODERN_VERSION) return json(400, error(m.id, -32022, 'Unsupported protocol version', { supported: [MODERN_VERSION] }));
  if (req.headers['mcp-method'] !== m.method) return json(400, error(m.id, -32020, 'Header mismatch'));
  const cache = { resultType: 'complete', ttlMs: 60_000, cacheScope: 'public', _meta: SERVER_META };
  if (m.method === 'server/discover') return json(200, result(m.id, { supportedVersions: [MODERN_VERSION], capabilities: rich ? RICH_CAPABILITIES : { tools: {} }, ...cache }));
  const listed = rich ? richList(m) : undefined;
  if (listed) return json(200, result(m.id, { ...listed, ...cache }));
  if (m.method === 'tools/list') return json(200, result(m.id, { tools: TOOLS, ...cache }));
  return json(404, error(m.id, -32601, `Method not found: ${m.method ?? ''}`));
}

function handler(kind: DelayKind, sessions: Set<string>, rich = false): (req: http.IncomingMessage, body: string) => Reply {
  const modern = kind === 'modern' || kind === 'dual' || kind === 'dual-stateless';
  const legacy = kind !== 'modern';
  const stateful = kind === 'legacy' || kind === 'dual';
  return (req, body) => {
    if (req.method === 'OPTIONS') return { status: 204, headers: CORS };
    if (req.method === 'GET') return { status: 405, headers: { allow: 'POST, DELETE' } };
    const sid = typeof req.headers['mcp-session-id'] === 'string' ? req.headers['mcp-session-id'] : undefined;
    if (req.method === 'DELETE') {
      if (!stateful) return { status: 405, headers: { allow: 'POST' } };
      return sid !== undefined && sessions.delete(sid) ? { status: 200 } : { status: 404 };
    }
    if (req.method !== 'POST') return { status: 405 };
    const m = parseMessage(body);
    if (!m) return json(400, error(null, -32700, 'Parse error'));
    if (m.method === undefined || m.id === undefined) return { status: 202 };
    const isModernRequest = isRecord(m.params._meta) && m.params._meta['io.modelcontextprotocol/protocolVersion'] !== undefined;
    if (modern && (isModernRequest || !legacy)) return modernAnswer(m, req, rich);
    // Legacy side, as the official SDK 1.x answers.
    if (m.method === 'initialize') {
      const asked = m.params.protocolVersion;
      const version = typeof asked === 'string' && LEGACY_VERSIONS.includes(asked) ? asked : '2025-11-25';
      const headers: Record<string, string> = {};
      if (stateful) {
        const id = randomUUID();
        sessions.add(id);
        headers['mcp-session-id'] = id;
      }
      return json(200, result(m.id, { protocolVersion: version, capabilities: rich ? RICH_CAPABILITIES : { tools: {} }, serverInfo: { name: `bench-${kind}`, version: '1.0.0' } }), headers);
    }
    if (stateful && (sid === undefined || !sessions.has(sid))) {
      return json(sid === undefined ? 400 : 404, error(null, sid === undefined ? -32000 : -32001, sid === undefined ? 'Bad Request: No valid session ID provided' : 'Session not found'));
    }
    if (m.method === 'ping') return json(200, result(m.id, {}));
    const listed = rich ? richList(m) : undefined;
    if (listed) return json(200, result(m.id, listed));
    if (m.method === 'tools/list') return json(200, result(m.id, { tools: TOOLS }));
    return json(200, error(m.id, -32601, `Method not found: ${m.method}`));
  };
}

export async function startDelayServer(spec: DelaySpec): Promise<DelayServer> {
  const sessions = new Set<string>();
  const counts = new Map<string, number>();
  const answer = handler(spec.kind, sessions, spec.rich === true);
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let held: Promise<void> | undefined;
  let release = () => {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const reply = answer(req, body);
      const key = `${req.method ?? ''}${req.method === 'POST' ? ` ${parseMessage(body)?.method ?? '?'}` : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      // The delay is the whole point: every answer, whatever its kind, waits D before its first byte.
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      };
      const t = setTimeout(() => {
        timers.delete(t);
        if (req.method === 'DELETE' && held) void held.then(send);
        else send();
      }, spec.delayMs);
      timers.add(t);
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: 200 checks open ~800 connections within a few milliseconds.
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve);
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('delay fixture has no TCP address');
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${addr.port}/mcp`,
    counts,
    openSessions: () => sessions.size,
    holdDeletes: () => {
      held ??= new Promise<void>((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return () => release();
    },
    stop: () => {
      release();
      stopped ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}

async function main(): Promise<void> {
  const raw: unknown = JSON.parse(process.argv[2] ?? '[]');
  if (!Array.isArray(raw)) throw new Error('expected a JSON array of {kind, delayMs}');
  const specs: DelaySpec[] = raw.map((s: unknown) => {
    if (!isRecord(s) || !DELAY_KINDS.includes(s.kind as DelayKind) || typeof s.delayMs !== 'number') throw new Error(`bad spec ${JSON.stringify(s)}`);
    return { kind: s.kind as DelayKind, delayMs: s.delayMs, rich: s.rich === true };
  });
  const servers = await Promise.all(specs.map(startDelayServer));
  const stop = () => void Promise.all(servers.map((s) => s.stop())).then(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  // Sessions still open, on request: "STATS" on stdin prints them (the bench checks no check leaks one).
  process.stdin.on('data', (d: Buffer) => {
    if (d.toString().includes('STATS')) {
      process.stdout.write(`STATS ${JSON.stringify(servers.map((s) => ({ url: s.url, openSessions: s.openSessions(), counts: Object.fromEntries(s.counts) })))}\n`);
    }
  });
  process.stdout.write(`READY ${JSON.stringify(servers.map((s) => s.url))}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
