import { describe, expect, it } from 'vitest';
import { schemaDialect, schemaProblem } from './json-schema';

describe('schemaProblem', () => {
  it.each([
    [{ type: 'object' }],
    [{ type: 'object', properties: { a: { type: ['string', 'null'] }, b: true }, required: ['a'], additionalProperties: false }],
    [{ type: 'object', properties: { xs: { type: 'array', items: { type: 'integer', minimum: 0 } }, t: { prefixItems: [{ type: 'string' }] } } }],
    [{ type: 'object', $defs: { n: { type: 'number' } }, properties: { n: { $ref: '#/$defs/n' }, e: { enum: ['a', 'b'] }, p: { type: 'string', pattern: '^[a-z]+$' } } }],
    [{ type: 'object', properties: { u: { anyOf: [{ type: 'string' }, { type: 'number' }] } } }],
  ])('accepts %j', (schema) => {
    expect(schemaProblem(schema)).toBeUndefined();
  });

  it.each([
    [{ type: 'object', properties: { city: { type: 'strin' } } }, /^properties\.city\.type: must be equal to one of the allowed values/],
    [{ type: 'object', required: 'city' }, /^required: must be array/],
    [{ type: 'object', required: ['a', 'a'] }, /^required: must NOT have duplicate items/],
    [{ type: 'object', properties: [] }, /^properties: must be object/],
    [{ type: 'object', properties: { a: 3 } }, /^properties\.a: must be object,boolean/],
    [{ type: [] }, /^type/],
    [{ type: 'object', properties: { s: { type: 'string', minLength: -1 } } }, /minLength/],
    [{ type: 'object', anyOf: [] }, /^anyOf/],
    [{ type: 'object', properties: { l: { items: { type: 'lst' } } } }, /^properties\.l\.items\.type/],
    // The draft-07 tuple form is not 2020-12 (that is prefixItems), unless $schema says draft-07.
    [{ type: 'object', properties: { t: { items: [{ type: 'string' }] } } }, /^properties\.t\.items: must be object,boolean/],
    // What the meta-schema cannot see, compiling does:
    [{ type: 'object', properties: { s: { type: 'string', pattern: '([a-z' } } }, /Invalid regular expression/],
    [{ type: 'object', properties: { n: { $ref: '#/$defs/missing' } } }, /can't resolve reference #\/\$defs\/missing$/],
    [{ type: 'object', properties: { n: { $ref: 'https://schemas.example.com/n.json' } } }, /can't resolve reference https:\/\/schemas\.example\.com/],
    [{ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'strin' } } }, /^properties\.a\.type/],
  ])('rejects %j', (schema, where) => {
    expect(schemaProblem(schema)).toMatch(where);
  });

  it('compiles each schema on its own: the same $id in two servers\' schemas does not clash', () => {
    expect(schemaProblem({ $id: 'urn:example:tool', type: 'object', properties: { a: { type: 'string' } } })).toBeUndefined();
    expect(schemaProblem({ $id: 'urn:example:tool', type: 'object', properties: { b: { type: 'number' } } })).toBeUndefined();
    expect(schemaProblem({ type: 'object', properties: { a: { $id: 'urn:example:inner', type: 'string' } } })).toBeUndefined();
    expect(schemaProblem({ type: 'object', properties: { a: { $id: 'urn:example:inner', type: 'number' } } })).toBeUndefined();
    // A schema cannot lean on an $id another schema declared earlier.
    expect(schemaProblem({ type: 'object', properties: { x: { $ref: 'urn:example:inner' } } })).toMatch(/can't resolve reference urn:example:inner/);
  });

  it('accepts each dialect spelling of $schema', () => {
    for (const uri of ['https://json-schema.org/draft/2020-12/schema', 'http://json-schema.org/draft/2020-12/schema#', 'https://json-schema.org/draft/2019-09/schema', 'http://json-schema.org/draft-07/schema#']) {
      expect(schemaProblem({ $schema: uri, type: 'object', properties: { a: { type: 'string' } } }), uri).toBeUndefined();
    }
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
