import { describe, expect, it } from 'vitest';
import { jsonDepth, parseJson } from './json';

describe('bounded JSON', () => {
  it('measures nesting, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
  });
  it('finds where a string ends however many backslashes stand before its quotes', () => {
    // The depth of the parsed value is the truth; the text is what a server would send.
    const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0);
    const tricky = ['', '\\', '\\"', '"', '"[{', '\\\\', '\\[', ']}', 'a\\"b"[[', '\u0022[', '{"x":[1]}'];
    const values: unknown[] = [
      tricky,
      { a: tricky, b: [{ c: [[tricky[3]]] }] },
      [[[[{ k: '\\' }]]], '[[[[[[', { '"[': { ']"\\': [] } }],
      tricky.map((t, i) => (i % 2 ? { [t]: [t, [t]] } : [[t]])),
    ];
    for (const v of values) expect(jsonDepth(JSON.stringify(v))).toBe(depthOf(v));
    // An unterminated string ends the scan with what came before it.
    expect(jsonDepth('[[{"a":"\\"]]]]')).toBe(3);
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
