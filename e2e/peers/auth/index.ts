/**
 * Authorization peers: a real authorization server in front of a protected MCP resource server,
 * each a child process on 127.0.0.1 (see docs/test-peers.md, "Authorization peers").
 *
 *   sdk   @modelcontextprotocol/sdk 1.x mcpAuthRouter + DemoInMemoryAuthProvider (approves at once)
 *   oidc  oidc-provider with login and consent pages (devInteractions: any login is accepted)
 *
 * The resource server is @modelcontextprotocol/server 2.x behind requireBearerAuth, serving its
 * metadata with oauthMetadataResponse. Kept apart from e2e/peers/index.ts (owned by the peers
 * work) so both can change without stepping on each other.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export type AuthStackKind = 'sdk' | 'oidc';

export interface AuthStack {
  kind: AuthStackKind;
  /** The protected MCP endpoint. */
  mcpUrl: string;
  /** The authorization server's issuer, exactly as its metadata spells it. */
  issuer: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const KILL_GRACE_MS = 2_000;
const dir = fileURLToPath(new URL('./', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Child {
  pid: number;
  port: Promise<number>;
  exited: Promise<void>;
  hasExited(): boolean;
}

const live = new Set<number>();
let hooked = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
}

/** Only PATH, HOME and NODE_* reach a peer: it must not see our secrets or proxies. */
function scrubbedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV };
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k === 'PATH' || k === 'HOME' || k.startsWith('NODE_'))) env[k] = v;
  }
  return env;
}

function start(script: string, args: string[]): Child {
  hookExit();
  const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, [dir + script, ...args], {
    cwd: repoRoot,
    env: scrubbedEnv(),
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`could not spawn ${script}`);
  live.add(pid);
  let stderr = '';
  let done = false;
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-8192);
  });
  proc.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', () => {
      done = true;
      resolve();
    });
  });
  const port = new Promise<number>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${script} (pid ${pid}) ${why}${stderr ? `\n--- stderr ---\n${stderr.trim()}` : ''}`));
    const timer = setTimeout(() => fail(`did not print LISTENING within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    let partial = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^LISTENING (\d+)$/.exec(line.trim());
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail('exited before it was ready');
    });
  });
  // Keep the pipes open (the peer exits when stdin closes) without holding our event loop.
  proc.unref();
  for (const s of [proc.stdin, proc.stdout, proc.stderr]) {
    const handle: unknown = s;
    if (handle instanceof net.Socket) handle.unref();
  }
  return { pid, port, exited, hasExited: () => done };
}

async function stop(child: Child): Promise<void> {
  if (!child.hasExited()) {
    killGroup(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), KILL_GRACE_MS);
    });
    const outcome = await Promise.race([child.exited.then(() => 'exited' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') killGroup(child.pid, 'SIGKILL');
  }
  killGroup(child.pid, 'SIGKILL');
  live.delete(child.pid);
}

/** Start an authorization server and the MCP resource server it protects. */
export async function startAuthStack(kind: AuthStackKind, opts: { scope?: string } = {}): Promise<AuthStack> {
  const scope = opts.scope ?? 'mcp:tools';
  const as = start(kind === 'sdk' ? 'sdk-as.mjs' : 'oidc-as.mjs', [`--scope=${scope}`]);
  let rs: Child | undefined;
  try {
    const asPort = await as.port;
    // The SDK AS builds its issuer with new URL(), which adds a trailing "/"; oidc-provider keeps
    // the string it was given. The PRM lists the issuer exactly as the AS metadata spells it.
    const issuer = kind === 'sdk' ? `http://127.0.0.1:${asPort}/` : `http://127.0.0.1:${asPort}`;
    rs = start('resource-server.mjs', [`--as=${kind}`, `--issuer=${issuer}`, `--scope=${scope}`]);
    const rsPort = await rs.port;
    const both = rs;
    return {
      kind,
      mcpUrl: `http://127.0.0.1:${rsPort}/mcp`,
      issuer,
      stop: async () => {
        await Promise.all([stop(both), stop(as)]);
      },
    };
  } catch (err) {
    await Promise.all([rs ? stop(rs) : undefined, stop(as)]);
    throw err;
  }
}
