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
    [{ url: 'https://x.example/', headers: { 'Bad Name': 'v' } }, 'header name'],
    [{ url: 'https://x.example/', headers: { X: 'a\r\nInjected: 1' } }, 'line breaks'],
    [{ url: 'https://x.example/' + 'a'.repeat(3000) }, 'longer than'],
  ])('rejects %j with a clear message', (input, message) => {
    const r = parseCheckRequest(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
