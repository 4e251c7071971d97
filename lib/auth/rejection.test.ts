import { describe, expect, it } from 'vitest';
import { rejectionOf } from './rejection';

const challenge = (params: Array<[string, string]>) => ({ scheme: 'Bearer', params, raw: [] });

describe('a refused token', () => {
  it('is only a rejection when a token was sent (or the server says insufficient_scope)', () => {
    // The SDK's gate says invalid_token even to a request with no token at all.
    expect(rejectionOf({ status: 401, challenge: challenge([['error', 'invalid_token']]) }, false)).toBeUndefined();
    expect(rejectionOf({ status: 401, challenge: challenge([['error', 'invalid_token'], ['error_description', 'expired']]) }, true)).toEqual({
      error: 'invalid_token',
      description: 'expired',
    });
    expect(rejectionOf({ status: 403, challenge: challenge([['error', 'insufficient_scope'], ['scope', 'a b']]) }, false)).toEqual({
      error: 'insufficient_scope',
      scope: 'a b',
    });
    expect(rejectionOf({ status: 401, challenge: null }, true)).toEqual({});
  });
});
