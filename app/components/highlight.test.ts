import { describe, expect, it } from 'vitest';
import { tokenizeJson } from './highlight';

describe('JSON highlighting', () => {
  it('tells keys from string values and keeps every character', () => {
    const text = '{"a": "b\\"c", "n": -1.5e3, "t": true}';
    const tokens = tokenizeJson(text);
    expect(tokens.map((x) => x.v).join('')).toBe(text);
    expect(tokens.filter((x) => x.t === 'key').map((x) => x.v)).toEqual(['"a"', '"n"', '"t"']);
    expect(tokens.find((x) => x.t === 'str')?.v).toBe('"b\\"c"');
    expect(tokens.find((x) => x.t === 'num')?.v).toBe('-1.5e3');
  });
});
