// A structural check of the JSON Schemas in tool listings (2025-11-25 basic §JSON Schema
// Usage, https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage: 2020-12 is the default dialect). It checks the shapes the 2020-12 meta-schema fixes for the
// keywords clients rely on, not every rule of the meta-schema: ajv is only a dev dependency, and
// compiling a server's schemas would run code generated from untrusted input.

/** Dialects the check knows the keyword shapes of (what common validators such as ajv accept). */
const KNOWN_DIALECTS = new Set(['json-schema.org/draft/2020-12/schema', 'json-schema.org/draft/2019-09/schema', 'json-schema.org/draft-07/schema']);

export type Dialect = { known: true } | { known: false; uri: string } | { invalid: string };

/** The root `$schema`: absent means 2020-12 (2025-11-25 basic §JSON Schema Usage). */
export function schemaDialect(schema: unknown): Dialect {
  if (typeof schema !== 'object' || schema === null || !('$schema' in schema)) return { known: true };
  const uri = (schema as { $schema: unknown }).$schema;
  if (typeof uri !== 'string') return { invalid: `$schema is ${JSON.stringify(uri)}, not a URI string` };
  // Compare without the scheme and the empty fragment: both spellings are in use.
  return KNOWN_DIALECTS.has(uri.replace(/^https?:\/\//, '').replace(/#$/, '')) ? { known: true } : { known: false, uri };
}

const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer']);
const SUBSCHEMA = ['additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems', 'contentSchema'];
const SUBSCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains'];
const NUMBERS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const STRINGS = ['title', 'description', '$ref', '$id', '$anchor', 'format', 'pattern', 'contentMediaType', 'contentEncoding'];
const MAX_DEPTH = 64;
const MAX_NODES = 5_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (JSON.stringify(v) ?? String(v)).slice(0, 40);

/** The first structural problem in a schema, as `path: what is wrong`, or undefined. */
export function schemaProblem(schema: unknown): string | undefined {
  let nodes = 0;
  const walk = (s: unknown, path: string, depth: number): string | undefined => {
    const at = path || '(root)';
    if (typeof s === 'boolean') return undefined;
    if (!isObject(s)) return `${at}: a schema must be an object or a boolean, not ${show(s)}`;
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return undefined; // too big to check fully: say nothing
    const p = (k: string) => (path ? `${path}.${k}` : k);
    const t = s.type;
    if (t !== undefined) {
      const list = Array.isArray(t) ? t : [t];
      if (Array.isArray(t) && (t.length === 0 || new Set(t).size !== t.length)) return `${p('type')}: must list distinct type names`;
      const bad = list.find((x) => typeof x !== 'string' || !TYPES.has(x));
      if (bad !== undefined) return `${p('type')}: ${show(bad)} is not a JSON Schema type`;
    }
    if (s.required !== undefined && (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string') || new Set(s.required).size !== s.required.length)) {
      return `${p('required')}: must be an array of distinct strings, not ${show(s.required)}`;
    }
    if (s.enum !== undefined && !Array.isArray(s.enum)) return `${p('enum')}: must be an array`;
    if (s.examples !== undefined && !Array.isArray(s.examples)) return `${p('examples')}: must be an array`;
    for (const k of COUNTS) if (s[k] !== undefined && !(Number.isInteger(s[k]) && (s[k] as number) >= 0)) return `${p(k)}: must be a non-negative integer`;
    for (const k of NUMBERS) if (s[k] !== undefined && typeof s[k] !== 'number') return `${p(k)}: must be a number`;
    for (const k of STRINGS) if (s[k] !== undefined && typeof s[k] !== 'string') return `${p(k)}: must be a string`;
    if (typeof s.pattern === 'string') {
      try {
        new RegExp(s.pattern);
      } catch {
        return `${p('pattern')}: ${show(s.pattern)} is not a regular expression`;
      }
    }
    for (const k of SUBSCHEMA) {
      if (s[k] === undefined) continue;
      const r = walk(s[k], p(k), depth + 1);
      if (r) return r;
    }
    // `items`: one schema (2020-12), or a list of them (draft-07 tuples).
    if (s.items !== undefined) {
      const items = Array.isArray(s.items) ? s.items : [s.items];
      for (const [i, it] of items.entries()) {
        const r = walk(it, Array.isArray(s.items) ? `${p('items')}[${i}]` : p('items'), depth + 1);
        if (r) return r;
      }
    }
    for (const k of SUBSCHEMA_MAP) {
      if (s[k] === undefined) continue;
      const map = s[k];
      if (!isObject(map)) return `${p(k)}: must be an object of schemas`;
      for (const [name, sub] of Object.entries(map)) {
        const r = walk(sub, p(`${k}.${name}`), depth + 1);
        if (r) return r;
      }
    }
    for (const k of SUBSCHEMA_LIST) {
      if (s[k] === undefined) continue;
      const list = s[k];
      if (!Array.isArray(list) || list.length === 0) return `${p(k)}: must be a non-empty array of schemas`;
      for (const [i, sub] of list.entries()) {
        const r = walk(sub, `${p(k)}[${i}]`, depth + 1);
        if (r) return r;
      }
    }
    return undefined;
  };
  return walk(schema, '', 0);
}
