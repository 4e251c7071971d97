/**
 * Real MCP servers from npm, started as child processes on 127.0.0.1 for
 * integration tests. See ./README.md for what each one does on the wire.
 *
 * Each peer runs in its own process group (detached) so stop() can take down
 * the whole tree: `npx` does not pass SIGTERM on to the server it started, so
 * killing only the npx PID leaves server-everything running.
 *
 * If this process dies without stop(): our own servers exit when their stdin
 * pipe closes; server-everything runs under servers/_orphan-guard.mjs, which
 * does the same for its whole group. An 'exit' hook and SIGINT/SIGTERM/SIGHUP
 * hooks also SIGKILL every live group.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { freePort } from '../free-port';
import { fileURLToPath } from 'node:url';

export type PeerKind =
  | 'sdk1-json' // @modelcontextprotocol/sdk 1.x McpServer + StreamableHTTPServerTransport, enableJsonResponse: true, sessions
  | 'sdk1-sse' // same, default SSE responses, sessions
  | 'sdk1-httpsse' // SDK v1 deprecated SSEServerTransport (HTTP+SSE 2024-11-05); url is the GET /sse URL
  | 'sdk2-modern' // @modelcontextprotocol/server 2.x createMcpHandler(factory, { legacy: 'reject' }) + toNodeHandler
  | 'sdk2-dual' // same with legacy: 'stateless'
  | 'everything' // npx mcp-server-everything streamableHttp, scrubbed env; binds all interfaces (no host option)
  | 'tmcp' // tmcp + @tmcp/transport-http + @hono/node-server + @tmcp/adapter-zod
  | 'mcp-lite' // mcp-lite + @hono/node-server, stateless default
  // Not in PEER_KINDS (the harness test's raw-wire table): peers for trying tools.
  | 'trytool' // SDK v1 low-level Server: every schema shape, a wrong outputSchema, sampling mid-call, a destructive tool
  | 'apps'; // @modelcontextprotocol/server-basic-vanillajs, the MCP Apps example (binds all interfaces, like everything)

export interface Peer {
  kind: PeerKind;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export const PEER_KINDS: readonly PeerKind[] = [
  'sdk1-json',
  'sdk1-sse',
  'sdk1-httpsse',
  'sdk2-modern',
  'sdk2-dual',
  'everything',
  'tmcp',
  'mcp-lite',
];

const READY_TIMEOUT_MS = 20_000;
const KILL_GRACE_MS = 2_000;
const STDERR_TAIL = 8_192;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const serversDir = fileURLToPath(new URL('./servers/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const scripts: Record<Exclude<PeerKind, 'everything' | 'apps'>, { file: string; args: string[]; path: string }> = {
  'sdk1-json': { file: 'sdk1-streamable.mjs', args: ['--json'], path: '/mcp' },
  'sdk1-sse': { file: 'sdk1-streamable.mjs', args: [], path: '/mcp' },
  'sdk1-httpsse': { file: 'sdk1-httpsse.mjs', args: [], path: '/sse' },
  'sdk2-modern': { file: 'sdk2.mjs', args: ['--legacy=reject'], path: '/mcp' },
  trytool: { file: 'sdk1-trytool.mjs', args: [], path: '/mcp' },
  'sdk2-dual': { file: 'sdk2.mjs', args: ['--legacy=stateless'], path: '/mcp' },
  tmcp: { file: 'tmcp.mjs', args: [], path: '/mcp' },
  'mcp-lite': { file: 'mcp-lite.mjs', args: [], path: '/mcp' },
};

/** Only PATH, HOME and NODE_* from our environment reach a peer (plus extras). */
function scrubbedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k === 'PATH' || k === 'HOME' || k.startsWith('NODE_'))) env[k] = v;
  }
  // NODE_ENV is spelled out only because Next's typings make it required;
  // spawn drops keys whose value is undefined.
  return { ...env, NODE_ENV: process.env.NODE_ENV, ...extra };
}

// ---- child bookkeeping: kill every live peer group if this process goes away

const live = new Set<number>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      for (const pid of live) killGroup(pid, 'SIGKILL');
      live.clear();
      // If nobody else handles the signal, restore the default (terminate).
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

interface Child {
  proc: ChildProcessWithoutNullStreams;
  pid: number;
  exited: Promise<void>;
  hasExited: () => boolean;
  stderrTail: () => string;
  stdoutLines: (onLine: (line: string) => void) => void;
  describeExit: () => string;
}

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  installExitHooks();
  const proc = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`could not spawn ${command}`);
  live.add(pid);
  let stderr = '';
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const lineListeners: Array<(line: string) => void> = [];
  let partial = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_TAIL);
  });
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (d: string) => {
    // Always drain stdout (a full pipe would block the child); split lines.
    const parts = (partial + d).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) for (const l of lineListeners) l(line.trimEnd());
  });
  proc.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve();
    });
    proc.once('error', (err) => {
      stderr += `\nspawn error: ${err.message}`;
      exitInfo = { code: null, signal: null };
      resolve();
    });
  });
  return {
    proc,
    pid,
    exited,
    hasExited: () => exitInfo !== undefined,
    stderrTail: () => stderr.trim(),
    stdoutLines: (onLine) => lineListeners.push(onLine),
    describeExit: () =>
      exitInfo === undefined ? 'still running' : `exited with code ${String(exitInfo.code)} signal ${String(exitInfo.signal)}`,
  };
}

async function stopChild(child: Child): Promise<void> {
  if (!child.hasExited()) {
    killGroup(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), KILL_GRACE_MS);
    });
    const outcome = await Promise.race([child.exited.then(() => 'exited' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      killGroup(child.pid, 'SIGKILL');
      await child.exited;
    }
  }
  // The leader is gone; make sure nothing else in its group outlives it (npx's
  // grandchild is reparented when npx exits and reaped a moment later).
  killGroup(child.pid, 'SIGKILL');
  for (let i = 0; i < 100 && groupAlive(child.pid); i++) await sleep(20);
  live.delete(child.pid);
  if (groupAlive(child.pid)) throw new Error(`process group ${child.pid} still alive after SIGKILL`);
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
  } catch {
    return false;
  }
  return !onlyZombies(pid);
}

/**
 * A killed process stays in its group as a zombie until its parent reaps it. A grandchild that was
 * reparented to PID 1 is reaped only when PID 1 gets to it, and on some machines (this sandbox's
 * init among them) that can take longer than we wait, so `kill(-pgid, 0)` keeps succeeding for a
 * group with nothing left running. On Linux, read /proc: the group is gone when every member is a
 * zombie. Elsewhere (no /proc) the signal test alone decides.
 */
function onlyZombies(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
  for (const e of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return false;
  }
  return true;
}

/** Keep pipes open but stop them (and the child) from holding our event loop. */
function detachFromLoop(child: Child): void {
  child.proc.unref();
  for (const s of [child.proc.stdin, child.proc.stdout, child.proc.stderr]) {
    const handle: unknown = s;
    if (handle instanceof net.Socket) handle.unref();
  }
}

function startupError(label: string, child: Child, why: string): Error {
  const tail = child.stderrTail();
  return new Error(`peer ${label} (pid ${child.pid}) ${why}; ${child.describeExit()}${tail ? `\n--- stderr ---\n${tail}` : ''}`);
}

async function waitForListeningLine(label: string, child: Child): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(startupError(label, child, `did not print LISTENING within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.stdoutLines((line) => {
      const m = /^LISTENING (\d+)$/.exec(line);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void child.exited.then(() => {
      clearTimeout(timer);
      reject(startupError(label, child, 'exited before it was ready'));
    });
  });
}


async function waitForHttp(kind: PeerKind, child: Child, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.hasExited()) throw startupError(kind, child, 'exited before it was ready');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      return; // any HTTP answer means it is up
    } catch {
      await sleep(100);
    }
  }
  throw startupError(kind, child, `did not answer HTTP within ${READY_TIMEOUT_MS} ms`);
}

async function startEverything(kind: 'everything' | 'apps' = 'everything'): Promise<Peer> {
  // server-everything (and the MCP Apps example) take only PORT and bind all interfaces; pick a
  // port that is free on 127.0.0.1 and retry if someone else grabs it first.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    // Through the guard, so the npx tree dies with us even if we are SIGKILLed.
    const child = startChild(
      process.execPath,
      [serversDir + '_orphan-guard.mjs', 'npx', '--no', '--', ...(kind === 'apps' ? ['mcp-server-basic-vanillajs'] : ['mcp-server-everything', 'streamableHttp'])],
      scrubbedEnv({ PORT: String(port) }),
    );
    const url = `http://127.0.0.1:${port}/mcp`;
    try {
      await waitForHttp(kind, child, url);
    } catch (err) {
      await stopChild(child);
      if (attempt < 3 && child.stderrTail().includes('EADDRINUSE')) continue;
      throw err;
    }
    detachFromLoop(child);
    return { kind, url, pid: child.pid, stop: () => stopChild(child) };
  }
}

/**
 * Start a peer and wait until it is ready. `opts.tools` sets how many tools our
 * own peers register (default 3; 0 gives an empty but advertised tool list).
 * server-everything ignores it (it always has its own 13 tools).
 */
export async function startPeer(kind: PeerKind, opts: { tools?: number } = {}): Promise<Peer> {
  if (kind === 'everything' || kind === 'apps') return startEverything(kind);
  const spec = scripts[kind];
  const tools = opts.tools ?? 3;
  if (!Number.isInteger(tools) || tools < 0) throw new Error(`tools must be a non-negative integer, got ${tools}`);
  const { port, pid, stop } = await startScript(kind, serversDir + spec.file, [...spec.args, `--tools=${tools}`]);
  return { kind, url: `http://127.0.0.1:${port}${spec.path}`, pid, stop };
}

/**
 * Run `node <script> ...args` as a peer: its own process group, a scrubbed environment, killed if
 * this process goes away; resolves once it prints `LISTENING <port>`. The authorization peers
 * (e2e/peers/auth) start their servers through this too.
 */
export async function startScript(label: string, script: string, args: string[]): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  const child = startChild(process.execPath, [script, ...args], scrubbedEnv({}));
  let port: number;
  try {
    port = await waitForListeningLine(label, child);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  detachFromLoop(child);
  return { port, pid: child.pid, stop: () => stopChild(child) };
}
