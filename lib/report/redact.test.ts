import { describe, expect, it } from 'vitest';
import { makeRedactor } from './redact';

describe('redaction of typed secrets', () => {
  it('masks a bearer token wherever a server echoes it, raw or inside JSON', () => {
    const r = makeRedactor(['Bearer abc.def/ghi"jkl']);
    expect(r('auth was Bearer abc.def/ghi"jkl ok')).not.toContain('abc.def');
    expect(r(JSON.stringify({ h: 'abc.def/ghi"jkl' }))).not.toContain('abc.def');
  });
  it('leaves text alone when nothing was typed, and ignores very short values', () => {
    expect(makeRedactor([])('Bearer x')).toBe('Bearer x');
    expect(makeRedactor(['1'])('version 1')).toBe('version 1');
  });
});
