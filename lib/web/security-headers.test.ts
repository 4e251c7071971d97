import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, makeNonce } from './security-headers';

describe('content security policy', () => {
  it('allows scripts only with the nonce in production: no unsafe-inline, no eval', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc', dev: false, https: true });
    expect(csp).toContain(`script-src 'self' 'nonce-abc' 'strict-dynamic'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).toContain(`object-src 'none'`);
    expect(csp).toContain('upgrade-insecure-requests');
  });
  it('adds eval and websockets only for next dev, and no https upgrade on plain http', () => {
    const csp = contentSecurityPolicy({ nonce: 'abc', dev: true, https: false });
    expect(csp).toContain(`'unsafe-eval'`);
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
  it('makes a different nonce every time', () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(makeNonce()).not.toBe(a);
  });
});
