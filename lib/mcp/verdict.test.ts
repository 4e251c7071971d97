import { describe, expect, it } from 'vitest';
import { decideVerdict } from './verdict';

describe('verdict', () => {
  const base = { authRequired: false, handshake: true, toolsListed: true, toolCount: 3 };
  it('healthy when the handshake and the listing work and there are tools', () => expect(decideVerdict(base)).toBe('healthy'));
  it('auth-required wins over everything', () => expect(decideVerdict({ ...base, authRequired: true, handshake: false })).toBe('auth-required'));
  it('unreachable without a handshake', () => expect(decideVerdict({ ...base, handshake: false })).toBe('unreachable'));
  it('partial with zero tools', () => expect(decideVerdict({ ...base, toolCount: 0 })).toBe('partial'));
  it('partial when tools/list failed', () => expect(decideVerdict({ ...base, toolsListed: false })).toBe('partial'));
  it('partial when only the deprecated HTTP+SSE transport works', () => expect(decideVerdict({ ...base, deprecatedTransportOnly: true })).toBe('partial'));
});
