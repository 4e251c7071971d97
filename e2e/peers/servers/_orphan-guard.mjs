// Runs a command we cannot modify (npx mcp-server-everything) inside this
// process's group and kills the whole group when our stdin closes, i.e. when
// the test process that started us died without calling stop() (even by
// SIGKILL). startPeer() spawns this guard detached, so guard PID = group ID.
// Usage: node _orphan-guard.mjs <command> [args...]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) throw new Error('usage: _orphan-guard.mjs <command> [args...]');

const killGroup = () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
};
process.stdin.on('end', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (err) => {
  process.stderr.write(`orphan-guard: cannot start ${command}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
