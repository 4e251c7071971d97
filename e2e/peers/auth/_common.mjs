// Shared helpers for the authorization peers. Plain ESM, no transpile step.
// Every peer binds 127.0.0.1 on port 0, prints `LISTENING <port>` once ready, and exits when its
// parent goes away (stdin closes), so a crashed test run leaves no orphans behind.

// Argument parsing and exiting with the parent are the test peers' own (../servers/_common.mjs).
export { argValue, exitWithParent } from '../servers/_common.mjs';

/** Listen on 127.0.0.1:0 and resolve with the port. */
export function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      if (addr === null || typeof addr === 'string') reject(new Error('server has no TCP address'));
      else resolve(addr.port);
    });
  });
}

/** Print the readiness line the harness waits for. */
export function announce(port) {
  process.stdout.write(`LISTENING ${port}\n`);
}
