import { describe, expect, it } from 'vitest';
import { parseCheckRequest } from './input';

describe('check input', () => {
  it('accepts an https URL and headers', () => {
    expect(parseCheckRequest({ url: ' https://x.example/mcp ', headers: { Authorization: 'Bearer t' } })).toEqual({
      ok: true,
      value: { url: 'https://x.example/mcp', headers: { Authorization: 'Bearer t' } },
    });
  });
  it.each([
    [{ url: '' }, 'Enter the URL'],
    [{ url: 'not a url' }, 'not a valid URL'],
    [{ url: 'ftp://x.example/' }, 'Only http:// and https://'],
    // A stdio report's url, pasted into the page or the API: refused, nothing is started.
    [{ url: 'stdio:node server.js' }, 'only be checked from the command line'],
    [{ url: 'https://x.example/', headers: { 'Bad Name': 'v' } }, 'header name'],
    [{ url: 'https://x.example/', headers: { X: 'a\r\nInjected: 1' } }, 'line breaks'],
    [{ url: 'https://x.example/' + 'a'.repeat(3000) }, 'longer than'],
    [{ url: 'https://user:pw@x.example/mcp' }, 'Remove the user name and password'],
    [{ url: 'https://x.exa\nmple/mcp' }, 'line break'],
    [{ url: 'https://x.example/', headers: { 'X\r\nY': 'v' } }, 'header name'],
    [{ url: 'https://x.example/', headers: { X: 'a\u0000b' } }, 'control characters'],
    [{ url: 'https://x.example/', headers: { ['N'.repeat(200)]: 'v' } }, 'header name is longer'],
    [{ url: 'https://x.example/', headers: { X: 'v'.repeat(9000) } }, 'header value is longer'],
    [{ url: 'https://x.example/', headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-${i}`, 'v'])) }, 'At most 20 headers'],
  ])('rejects %j with a clear message', (input, message) => {
    const r = parseCheckRequest(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
