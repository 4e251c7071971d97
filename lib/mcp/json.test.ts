import { describe, expect, it } from 'vitest';
import { jsonDepth, parseJson } from './json';

describe('bounded JSON', () => {
  it('measures nesting, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
  });
  it('refuses deeply nested JSON before parsing it', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJson(deep)).toEqual({ ok: false, reason: expect.stringContaining('nested more than') });
  });
  it('parses ordinary messages', () => {
    expect(parseJson('{"jsonrpc":"2.0","id":1,"result":{}}')).toEqual({ ok: true, value: { jsonrpc: '2.0', id: 1, result: {} } });
    expect(parseJson('{')).toEqual({ ok: false, reason: 'it is not valid JSON' });
  });
});
