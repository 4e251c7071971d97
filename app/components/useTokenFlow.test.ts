import { describe, expect, it } from 'vitest';
import { readHandoffResult, readReturnState, withBearer } from './useTokenFlow';

describe('what the form reads back from sessionStorage after the sign-in trip', () => {
  it('takes a saved form as it was left, with the report still unverified', () => {
    const saved = { url: 'https://mcp.example/mcp', rows: [['X-Team', 'a']], report: { verdict: 'auth-required' }, signature: 'v1.abc' };
    expect(readReturnState(saved)).toEqual(saved);
    expect(readReturnState({ url: 'https://mcp.example/mcp', rows: [] })).toEqual({ url: 'https://mcp.example/mcp', rows: [], report: null });
  });

  it('drops a saved form that is not the shape the form wrote', () => {
    expect(readReturnState(null)).toBeUndefined();
    expect(readReturnState({ url: 1, rows: [] })).toBeUndefined();
    expect(readReturnState({ url: 'u', rows: [['only-a-name']] })).toBeUndefined();
    expect(readReturnState({ url: 'u', rows: [['a', 2]] })).toBeUndefined();
    expect(readReturnState({ url: 'u', rows: 'a: b' })).toBeUndefined();
  });

  it('accepts a token or an error from the callback, and nothing else', () => {
    expect(readHandoffResult({ kind: 'token', token: { access_token: 't', issuer: 'https://as.example', scope: 'mcp' } })).toEqual({
      kind: 'token',
      token: { access_token: 't', issuer: 'https://as.example', scope: 'mcp' },
    });
    expect(readHandoffResult({ kind: 'error', title: 'Sign-in cancelled', message: 'm' })).toEqual({ kind: 'error', title: 'Sign-in cancelled', message: 'm' });
    expect(readHandoffResult({ kind: 'token', token: { access_token: '', issuer: 'i' } })).toBeUndefined();
    expect(readHandoffResult({ kind: 'token', token: { access_token: 't', issuer: 'i', scope: 3 } })).toBeUndefined();
    expect(readHandoffResult({ kind: 'error', title: 'x' })).toBeUndefined();
    expect(readHandoffResult({ kind: 'other' })).toBeUndefined();
    expect(readHandoffResult('token')).toBeUndefined();
  });

  it('puts the token into the first Authorization row, or adds one', () => {
    expect(withBearer([['authorization', 'Bearer old'], ['X', 'y']], 'new')).toEqual([['authorization', 'Bearer new'], ['X', 'y']]);
    expect(withBearer([['X', 'y']], 'new')).toEqual([['X', 'y'], ['Authorization', 'Bearer new']]);
  });
});
