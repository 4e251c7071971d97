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

/**
 * The stream's own async iterator, telling `onEnd` once when the reading ends (the last chunk, an
 * error, or the reader stopping early). Not an async generator around `for await`: that costs a
 * second promise and a generator resume per chunk, on every answer of every check.
 */
export function timedIterable(stream: Readable, onEnd: () => void): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const it = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        onEnd();
      };
      return {
        next: () =>
          it.next().then(
            (r) => {
              if (r.done) end();
              return r;
            },
            (err: unknown) => {
              end();
              throw err;
            },
          ),
        // A reader that stops early (break, or an error in its loop body): for await calls this.
        return: (value?: unknown) => {
          end();
          return it.return ? it.return(value) : Promise.resolve({ done: true as const, value: undefined });
        },
      };
    },
  };
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
