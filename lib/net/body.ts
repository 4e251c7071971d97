// The body of an answer as the caller reads it: decompressed as a stream (so the reader's byte cap
// counts decompressed bytes), its end timed, and stopped without noise when nobody reads it.
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Stop a body; the abort error it emits has nobody left to tell. */
export function discard(stream: Readable): void {
  stream.on('error', () => {});
  stream.destroy(stream.readableEnded ? undefined : BODY_CLOSED);
}

/**
 * Reasons for ending a connection or an unread body, made once. undici would make a new error for
 * each (ClientDestroyedError per dispatcher, RequestAbortedError per body), and Node reads `stack`
 * on every stream destroyed with an error: formatting those stacks (through source maps under tsx
 * and Next) was about 5% of a check's CPU (docs/benchmarks.md, part 2).
 */
export const CHECK_OVER = preformatted(new Error('the check is over; connection closed'));
const BODY_CLOSED = preformatted(new Error('the check stopped reading this body'));
function preformatted(err: Error): Error {
  void err.stack;
  return err;
}

export async function* timedIterable(stream: Readable, onEnd: () => void): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    onEnd();
  }
}

export function decode(raw: Readable, encoding: string | undefined): Readable {
  // We never ask for compression, but some servers compress anyway. Decompress as a stream so the
  // reader's byte cap applies to the decompressed bytes (a small gzip bomb stays small).
  const make =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip
      : encoding === 'deflate'
        ? createInflate
        : encoding === 'br'
          ? createBrotliDecompress
          : undefined;
  if (!make) return raw;
  const z = make();
  raw.on('error', (e) => z.destroy(e));
  return raw.pipe(z);
}
