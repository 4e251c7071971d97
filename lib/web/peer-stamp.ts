// Node only (loaded from instrumentation.ts): put each request's socket address where the app
// can read it. Next builds its request objects from the IncomingMessage's headers, so a header
// set before Next sees the request reaches route handlers and server actions.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { PEER_HEADER, markPeerStampActive, peerStampActive } from './client-ip';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

export function installPeerStamp(): void {
  if (peerStampActive()) return;
  for (const proto of [http.Server.prototype, https.Server.prototype] as Array<{ emit: Emit }>) {
    const original = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'request') {
        const req = args[0] as IncomingMessage;
        // Overwrite: a client-sent header of this name must never count.
        req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
      }
      return original.call(this, event, ...args);
    };
  }
  markPeerStampActive();
}
