// Starts a local MCP server for `mcp-health check --stdio` and always ends it. Only the CLI starts
// processes (eslint forbids node:child_process under lib/ and app/).
//
// The server runs in its own process group (detached: setsid), so ending it ends what it started
// too (`npx` does not pass signals on to the server it runs). Shutdown follows the stdio transport
// (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#shutdown): close
// stdin, wait, SIGTERM, then SIGKILL, to the whole group. If the CLI itself is interrupted (Ctrl-C,
// SIGTERM, SIGHUP) or exits, every live group gets SIGKILL first.
import { spawn } from 'node:child_process';
import type { LaunchedServer, LaunchSpec } from '../lib/stdio-check';
import type { StdioExit } from '../lib/mcp/stdio';

/** What of stderr the report keeps: the server's logging, per the transport, not the protocol. */
export const STDERR_CAP = 64 * 1024;
/** A stdout line longer than this is not read as a message (the HTTP body cap, lib/mcp/read.ts). */
const LINE_CAP = 4 * 1024 * 1024;
const EXIT_GRACE_MS = 1_000;
const TERM_GRACE_MS = 2_000;

const live = new Set<number>();
let hooked = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(sig, () => {
      for (const pid of live) killGroup(pid, 'SIGKILL');
      live.clear();
      process.exit(code);
    });
  }
}

export function launchServer(spec: LaunchSpec, baseEnv: Record<string, string | undefined> = process.env): LaunchedServer {
  hookExit();
  let exitInfo: StdioExit | undefined;
  let startError: string | undefined;
  let stderr = '';
  let stderrTruncated = false;
  const lineListeners: Array<(line: string, oversize: boolean) => void> = [];
  const exitListeners: Array<(exit: StdioExit) => void> = [];
  let exitedResolve: () => void = () => undefined;
  const exited = new Promise<void>((r) => (exitedResolve = r));
  const markExit = (exit: StdioExit) => {
    if (exitInfo) return;
    exitInfo = exit;
    exitedResolve();
    for (const l of exitListeners) l(exit);
  };

  const proc = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...baseEnv, ...spec.env } as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = proc.pid;
  if (pid !== undefined) live.add(pid);
  proc.on('error', (err) => {
    // ENOENT, EACCES: the process never ran.
    startError ??= err.message;
    markExit({ code: null, signal: null, error: err.message });
  });
  proc.on('exit', (code, signal) => markExit({ code, signal }));

  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => {
    if (stderr.length >= STDERR_CAP) {
      stderrTruncated = true;
      return;
    }
    stderr += d.length > STDERR_CAP - stderr.length ? d.slice(0, STDERR_CAP - stderr.length) : d;
    if (stderr.length >= STDERR_CAP) stderrTruncated = true;
  });

  // Newline-delimited messages (stdio §Receiving Messages). Bytes are split at '\n' before decoding,
  // so a multi-byte character is never cut; a '\r' before it is tolerated.
  let partial: Buffer[] = [];
  let partialLength = 0;
  let skipping = false;
  const emit = (buf: Buffer, oversize: boolean) => {
    const text = buf.toString('utf8').replace(/\r$/, '');
    for (const l of lineListeners) l(text, oversize);
  };
  proc.stdout.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (!skipping) emit(Buffer.concat([...partial, piece]), false);
      partial = [];
      partialLength = 0;
      skipping = false;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      partial.push(chunk.subarray(start));
      partialLength += chunk.length - start;
      if (partialLength > LINE_CAP) {
        emit(Buffer.concat(partial).subarray(0, 200), true);
        partial = [];
        partialLength = 0;
        skipping = true;
      }
    }
  });
  proc.stdout.on('end', () => {
    if (partialLength && !skipping) emit(Buffer.concat(partial), false);
    partial = [];
    partialLength = 0;
  });
  proc.stdin.on('error', () => undefined); // EPIPE when the server is gone: the exit tells the story

  const waitExit = async (ms: number): Promise<boolean> => {
    if (exitInfo) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
    clearTimeout(timer);
    return done;
  };

  return {
    pid,
    write(line) {
      if (exitInfo || !proc.stdin.writable) return false;
      proc.stdin.write(`${line}\n`);
      return true;
    },
    onLine: (l) => void lineListeners.push(l),
    onExit(l) {
      if (exitInfo) l(exitInfo);
      else exitListeners.push(l);
    },
    exit: () => exitInfo,
    startError: () => startError,
    stderr: () => ({ text: stderr, truncated: stderrTruncated }),
    async close() {
      let how: 'exited' | 'terminated' | 'killed' = 'exited';
      if (!exitInfo) {
        proc.stdin.end();
        if (!(await waitExit(EXIT_GRACE_MS))) {
          how = 'terminated';
          if (pid !== undefined) killGroup(pid, 'SIGTERM');
          if (!(await waitExit(TERM_GRACE_MS))) {
            how = 'killed';
            if (pid !== undefined) killGroup(pid, 'SIGKILL');
            await waitExit(TERM_GRACE_MS);
          }
        }
      }
      // The leader is gone; whatever it started in its group goes with it.
      if (pid !== undefined) {
        killGroup(pid, 'SIGKILL');
        live.delete(pid);
      }
      proc.stdout.destroy();
      proc.stderr.destroy();
      return how;
    },
  };
}
