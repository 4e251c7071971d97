import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier, createPkcePair, isValidCodeVerifier } from './pkce';

describe('PKCE (RFC 7636)', () => {
  it('matches the RFC 7636 Appendix B vector', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('verifiers are 43–128 unreserved characters and differ each time', () => {
    for (const len of [43, 64, 128]) {
      const v = createCodeVerifier(len);
      expect(v).toHaveLength(len);
      expect(isValidCodeVerifier(v)).toBe(true);
    }
    expect(createCodeVerifier()).not.toBe(createCodeVerifier());
  });

  it('rejects lengths outside 43..128', () => {
    expect(() => createCodeVerifier(42)).toThrow(RangeError);
    expect(() => createCodeVerifier(129)).toThrow(RangeError);
  });

  it('uses the whole unreserved alphabet', () => {
    const seen = new Set(Array.from({ length: 200 }, () => createCodeVerifier(128)).join(''));
    expect(seen.size).toBe(66);
  });

  it('pair is S256 with a padding-free base64url challenge', () => {
    const p = createPkcePair();
    expect(p.method).toBe('S256');
    expect(p.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.challenge).toBe(codeChallengeS256(p.verifier));
  });

  it('isValidCodeVerifier rejects short or out-of-set verifiers', () => {
    expect(isValidCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(42) + '!')).toBe(false);
  });
});
