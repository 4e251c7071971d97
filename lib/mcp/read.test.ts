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
