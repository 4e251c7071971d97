import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../report/schema';
import type { OutboundResponse } from '../net/types';
import { DEFAULT_LIMITS, readAnswer } from './read';

/** A response whose body yields `chunks` chunks of 64 KB and counts how many were pulled. */
function response(headers: HeaderList, chunks: number): { res: OutboundResponse; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  async function* body() {
    for (let i = 0; i < chunks; i++) {
      pulled++;
      yield chunk;
    }
  }
  return { res: { status: 200, statusText: '', url: 'http://127.0.0.1/mcp', headers, body: body(), timing: { totalMs: 0 }, close: () => {} }, pulled: () => pulled };
}

describe('readAnswer', () => {
  it('stops a body that declares more than the cap once the report has its slice', async () => {
    const declared = 100 * 1024 * 1024;
    const { res, pulled } = response([['content-type', 'application/json'], ['content-length', String(declared)]], 1600);
    const out = await readAnswer(res, 1, DEFAULT_LIMITS);
    expect(out.error?.code).toBe('TOO_LARGE');
    expect(out.error?.message).toMatch(/larger than 4 MB \(Content-Length: 104857600 bytes\)/);
    expect(out.body.length).toBe(DEFAULT_LIMITS.keepChars);
    expect(pulled()).toBeLessThanOrEqual(2);
  });

  it('reads a compressed body to the cap: its Content-Length is not the size that would be read', async () => {
    const { res, pulled } = response([['content-type', 'application/json'], ['content-length', String(100 * 1024 * 1024)], ['content-encoding', 'gzip']], 1600);
    const out = await readAnswer(res, 1, DEFAULT_LIMITS);
    expect(out.error?.message).toMatch(/larger than 4 MB; stopped reading/);
    expect(pulled()).toBe(DEFAULT_LIMITS.maxReadBytes / (64 * 1024) + 1);
  });
});

describe('readAnswer and UTF-8', () => {
  /** A JSON body yielded in the given pieces. */
  function pieces(bytes: Uint8Array, sizes: number[]): OutboundResponse {
    async function* body() {
      let at = 0;
      for (const n of sizes) {
        if (at >= bytes.byteLength) break;
        yield bytes.subarray(at, at + n);
        at += n;
      }
      if (at < bytes.byteLength) yield bytes.subarray(at);
    }
    return { status: 200, statusText: '', url: 'http://127.0.0.1/mcp', headers: [['content-type', 'application/json']], body: body(), timing: { totalMs: 0 }, close: () => {} };
  }
  const enc = new TextEncoder();
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  };

  it('shows every character around an invalid byte, however the body is cut into chunks', async () => {
    // "é€😀" (2, 3 and 4 bytes), then a byte that can never be UTF-8, then "ok".
    const body = join(enc.encode('{"a":"é€😀'), new Uint8Array([0xff]), enc.encode('ok"}'));
    const whole = new TextDecoder('utf-8').decode(body);
    for (const sizes of [[body.byteLength], Array.from({ length: body.byteLength }, () => 1), [7], [8], [9], [10, 1], [11, 2], [12], [13, 1, 1]]) {
      const out = await readAnswer(pieces(body, sizes), 1, DEFAULT_LIMITS);
      expect(out.body).toBe(whole);
      expect(out.error?.message).toMatch(/not valid UTF-8 \(an invalid byte sequence within the first \d+ bytes\)/);
    }
  });

  it('a character cut off by the end of the body is invalid; a valid body split anywhere is not', async () => {
    const cut = enc.encode('{"a":"€').subarray(0, 8);
    const out = await readAnswer(pieces(cut, [7, 1]), 1, DEFAULT_LIMITS);
    expect(out.body).toBe(new TextDecoder('utf-8').decode(cut));
    expect(out.error?.message).toMatch(/not valid UTF-8/);
    const valid = enc.encode('{"jsonrpc":"2.0","id":1,"result":{"s":"é€😀"}}');
    for (const n of [1, 2, 3, 5]) {
      const ok = await readAnswer(pieces(valid, Array.from({ length: valid.byteLength }, () => n)), 1, DEFAULT_LIMITS);
      expect(ok.error).toBeUndefined();
      expect(ok.match?.kind).toBe('result');
      expect(ok.body).toBe(new TextDecoder('utf-8').decode(valid));
    }
  });
});
