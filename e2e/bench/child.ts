// Runs a fixture script in a child process (its own event loop and CPU core on this 2-core machine),
// waits for its `READY <json>` line and stops it again. The bench measures the checker's process
// only: the servers it talks to must not steal its event loop or count towards its memory.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const READY_TIMEOUT_MS = 20_000;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildFixtures<T> {
  ready: T;
  pid: number;
  /** Send a line to the child and wait for its reply line starting with `tag` (bounded). */
  ask(line: string, tag: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startChild<T>(script: string, args: string[]): Promise<ChildFixtures<T>> {
  const proc: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4096);
  });
  const waiters: Array<{ tag: string; resolve: (line: string) => void }> = [];
  let buffer = '';
  proc.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const i = waiters.findIndex((w) => line.startsWith(`${w.tag} `));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(line.slice(line.indexOf(' ') + 1));
    }
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const waitFor = (tag: string, timeoutMs: number): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script}: no ${tag} within ${timeoutMs} ms. ${stderr}`)), timeoutMs);
      waiters.push({
        tag,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${script} exited before ${tag}. ${stderr}`));
      });
    });
  const readyLine = await waitFor('READY', READY_TIMEOUT_MS);
  let stopping: Promise<void> | undefined;
  return {
    ready: JSON.parse(readyLine) as T,
    pid: proc.pid ?? -1,
    ask: (line, tag, timeoutMs = 5_000) => {
      const p = waitFor(tag, timeoutMs);
      proc.stdin.write(`${line}\n`);
      return p;
    },
    stop: () => {
      stopping ??= (async () => {
        proc.stdin.end();
        const killer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
  };
}
