// Test helper: a TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it, release
// it). Used to start a server on a known port, and as a port where nothing listens.
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr !== null && typeof addr !== 'string' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
