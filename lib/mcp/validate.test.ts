import { describe, expect, it } from 'vitest';
import { validateAgainst } from './validate';
import { headerSafe, paramHeaders } from './call';

describe('validateAgainst', () => {
  const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 1 }, s: { type: 'string', enum: ['a', 'b'] } }, required: ['n'] };
  it('accepts a valid value and lists what is wrong with an invalid one', () => {
    expect(validateAgainst(schema, { n: 2, s: 'a' })).toEqual({ ok: true, skipped: [] });
    expect(validateAgainst(schema, { n: 0.5, s: 'c' })).toEqual({ ok: false, skipped: [], errors: ['/n: must be integer', '/n: must be >= 1', '/s: must be one of ["a","b"]'] });
    expect(validateAgainst(schema, {})).toMatchObject({ ok: false, errors: ['(root): missing required property "n"'] });
  });
  it('follows $schema: draft-07 and 2020-12 keywords', () => {
    const d7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { t: { type: 'array', items: [{ type: 'string' }] } } };
    expect(validateAgainst(d7, { t: [1] })).toMatchObject({ ok: false });
    const d2020 = { type: 'object', properties: { t: { type: 'array', prefixItems: [{ type: 'string' }] } } };
    expect(validateAgainst(d2020, { t: [1] })).toMatchObject({ ok: false, errors: ['/t/0: must be string'] });
    expect(validateAgainst({ $schema: 'https://example.com/mine' }, {})).toMatchObject({ ok: 'unchecked' });
  });
  it('does not evaluate a pattern shaped for catastrophic backtracking, and says so', () => {
    const evil = { type: 'object', properties: { s: { type: 'string', pattern: '^(a|a)*$' } } };
    const started = Date.now();
    const r = validateAgainst(evil, { s: `${'a'.repeat(40)}!` });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r).toEqual({ ok: true, skipped: [expect.stringContaining('not checked here')] });
    expect(validateAgainst({ type: 'string', pattern: '^[a-z]+$' }, 'ABC')).toMatchObject({ ok: false });
  });
  it('refuses schemas that are too big, too deep or unresolvable, without throwing', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { x: deep } };
    expect(validateAgainst(deep, {})).toMatchObject({ ok: 'unchecked', reason: expect.stringContaining('nested') });
    expect(validateAgainst({ type: 'object', description: 'x'.repeat(70_000) }, {})).toMatchObject({ ok: 'unchecked' });
    expect(validateAgainst({ $ref: 'https://evil.example/schema.json' }, {})).toMatchObject({ ok: 'unchecked', reason: expect.stringContaining('does not compile') });
    expect(validateAgainst(false, {})).toMatchObject({ ok: false });
    expect(validateAgainst('nope', {})).toMatchObject({ ok: 'unchecked' });
  });
});

describe('modern call headers', () => {
  it('encodes values that are not plain header-safe ASCII', () => {
    expect(headerSafe('get_forecast')).toBe('get_forecast');
    expect(headerSafe('Hello, 世界')).toBe('=?base64?SGVsbG8sIOS4lueVjA==?=');
    expect(headerSafe(' padded')).toMatch(/^=\?base64\?/);
    expect(headerSafe('=?base64?abc?=')).toMatch(/^=\?base64\?PT9iYXNlNjQ/);
  });
  it('mirrors x-mcp-header arguments as Mcp-Param-*', () => {
    const schema = { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, n: { type: 'integer' }, bad: { type: 'string', 'x-mcp-header': 'a b' } } };
    expect(paramHeaders(schema, { region: 'eu-west', n: 1, bad: 'x' })).toEqual({ 'mcp-param-region': 'eu-west' });
  });
});
