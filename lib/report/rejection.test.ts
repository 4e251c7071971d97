import { describe, expect, it } from 'vitest';
import { rejectionSentence } from './rejection';

describe('a refused token, in words', () => {
  it('the headline quotes the server', () => {
    expect(rejectionSentence({ error: 'invalid_token', description: 'Token expired' }, 401)).toBe(
      'The server rejected the token: invalid_token (“Token expired”). Get a new token or paste another, and check again.',
    );
    expect(rejectionSentence({ error: 'insufficient_scope', scope: 'files:write' }, 403)).toContain('needs the scope “files:write”');
    expect(rejectionSentence({}, 401)).toContain('HTTP 401, with no error code');
  });
});
