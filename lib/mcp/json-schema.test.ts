import { describe, expect, it } from 'vitest';
import { schemaDialect, schemaProblem } from './json-schema';

describe('schemaProblem', () => {
  it.each([
    [{ type: 'object' }],
    [{ type: 'object', properties: { a: { type: ['string', 'null'] }, b: true }, required: ['a'], additionalProperties: false }],
    [{ type: 'object', properties: { xs: { type: 'array', items: { type: 'integer', minimum: 0 } }, t: { items: [{ type: 'string' }] } } }],
    [{ type: 'object', $defs: { n: { type: 'number' } }, properties: { n: { $ref: '#/$defs/n' }, e: { enum: ['a', 'b'] }, p: { type: 'string', pattern: '^[a-z]+$' } } }],
    [{ type: 'object', properties: { u: { anyOf: [{ type: 'string' }, { type: 'number' }] } } }],
  ])('accepts %j', (schema) => {
    expect(schemaProblem(schema)).toBeUndefined();
  });

  it.each([
    [{ type: 'object', properties: { city: { type: 'strin' } } }, /properties\.city\.type/],
    [{ type: 'object', required: 'city' }, /^required/],
    [{ type: 'object', required: ['a', 'a'] }, /^required/],
    [{ type: 'object', properties: [] }, /^properties: must be an object/],
    [{ type: 'object', properties: { a: 3 } }, /properties\.a: a schema must be/],
    [{ type: [] }, /^type/],
    [{ type: 'object', properties: { s: { type: 'string', minLength: -1 } } }, /minLength/],
    [{ type: 'object', properties: { s: { type: 'string', pattern: '([a-z' } } }, /pattern/],
    [{ type: 'object', anyOf: [] }, /anyOf/],
    [{ type: 'object', properties: { l: { items: { type: 'lst' } } } }, /properties\.l\.items\.type/],
  ])('rejects %j', (schema, where) => {
    expect(schemaProblem(schema)).toMatch(where);
  });

  it('stops quietly on very deep schemas', () => {
    let s: Record<string, unknown> = { type: 'object' };
    for (let i = 0; i < 200; i++) s = { type: 'object', properties: { x: s } };
    expect(schemaProblem(s)).toBeUndefined();
  });
});

describe('schemaDialect', () => {
  it.each([
    [{ type: 'object' }],
    [{ $schema: 'https://json-schema.org/draft/2020-12/schema' }],
    [{ $schema: 'http://json-schema.org/draft-07/schema#' }],
  ])('knows %j', (schema) => expect(schemaDialect(schema)).toEqual({ known: true }));
  it('names other dialects and invalid values', () => {
    expect(schemaDialect({ $schema: 'http://json-schema.org/draft-04/schema#' })).toEqual({ known: false, uri: 'http://json-schema.org/draft-04/schema#' });
    expect(schemaDialect({ $schema: 4 })).toHaveProperty('invalid');
  });
});
