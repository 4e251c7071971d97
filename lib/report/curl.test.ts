import { describe, expect, it } from 'vitest';
import { toCurl } from './curl';

describe('copy as curl', () => {
  it('quotes headers and body for a POSIX shell and keeps masked values masked', () => {
    const cmd = toCurl({
      method: 'POST',
      url: 'https://x.example/mcp',
      headers: [
        ['content-type', 'application/json'],
        ['Authorization', 'Bearer ••••••'],
      ],
      body: `{"q":"it's"}`,
    });
    expect(cmd).toBe(`curl -sS -i -X POST -H 'content-type: application/json' -H 'Authorization: Bearer ••••••' --data-raw '{"q":"it'\\''s"}' 'https://x.example/mcp'`);
  });
  it('omits -X for GET', () => {
    expect(toCurl({ method: 'GET', url: 'https://x.example/', headers: [] })).toBe(`curl -sS -i 'https://x.example/'`);
  });
});
