import { describe, expect, it } from 'vitest';
import { headersForHop, isRedirect, methodAfter } from './redirect';

describe('redirect rules', () => {
  it('knows the redirect statuses', () => {
    expect([301, 302, 303, 307, 308].every(isRedirect)).toBe(true);
    expect([300, 304, 305, 200, 404].some(isRedirect)).toBe(false);
  });
  it('keeps the method on 307/308 and changes it as browsers do on 301/302/303', () => {
    expect(methodAfter(307, 'POST')).toBe('POST');
    expect(methodAfter(308, 'POST')).toBe('POST');
    expect(methodAfter(301, 'POST')).toBe('GET');
    expect(methodAfter(302, 'POST')).toBe('GET');
    expect(methodAfter(303, 'POST')).toBe('GET');
    expect(methodAfter(303, 'DELETE')).toBe('GET');
    expect(methodAfter(302, 'GET')).toBe('GET');
    expect(methodAfter(301, 'DELETE')).toBe('DELETE');
    expect(methodAfter(303, 'HEAD')).toBe('HEAD');
  });
  it('drops credentials on a hop to another origin and keeps them on the same origin', () => {
    const h = { authorization: 'Bearer x', 'x-api-key': 'k', cookie: 'c', 'mcp-session-id': 's', accept: 'application/json', 'mcp-protocol-version': '2025-11-25', 'user-agent': 'u' };
    const a = new URL('https://a.example/mcp');
    expect(headersForHop(h, a, new URL('https://a.example/v2/mcp'))).toEqual(h);
    expect(headersForHop(h, a, new URL('https://b.example/mcp'))).toEqual({ accept: 'application/json', 'mcp-protocol-version': '2025-11-25', 'user-agent': 'u' });
  });
});
