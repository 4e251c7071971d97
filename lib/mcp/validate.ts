// Validates a value against a schema a server published (a tool's inputSchema before a call, its
// outputSchema against structuredContent after one), with a real JSON Schema validator (Ajv).
// Dialect: 2020-12 unless `$schema` says otherwise
// (https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage).
//
// The schemas are untrusted. Ajv's own advice (https://ajv.js.org/security.html#untrusted-schemas):
// bound their size and depth, and keep slow regular expressions away. So: schemas over 64 KB or 64
// levels are not compiled; `pattern`s with a quantified group (the shape of catastrophic
// backtracking, e.g. `^(a|a)*$`) or over 256 characters are not evaluated (said so in the result);
// no `$data`, no remote `$ref` loading (a network `$ref` must not be fetched:
// https://modelcontextprotocol.io/specification/2026-07-28/server/tools#tool), no format plugins.
import { Ajv as Ajv07, type ErrorObject, type ValidateFunction } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

export const MAX_SCHEMA_CHARS = 64 * 1024;
const MAX_DEPTH = 64;
const MAX_PATTERN = 256;
const MAX_ERRORS = 5;

export type Validation =
  | { ok: true; skipped: string[] }
  | { ok: false; errors: string[]; skipped: string[] }
  /** The schema could not be used (too big, not a schema, unresolved $ref): nothing was checked. */
  | { ok: 'unchecked'; reason: string };

/** Nested more than 64 levels (not compiled: Ajv recurses per level). */
export function tooDeep(schema: unknown): boolean {
  return depth(schema) > MAX_DEPTH;
}

function depth(v: unknown, d = 0): number {
  if (d > MAX_DEPTH || typeof v !== 'object' || v === null) return d;
  let max = d;
  for (const x of Object.values(v)) {
    max = Math.max(max, depth(x, d + 1));
    if (max > MAX_DEPTH) break;
  }
  return max;
}

/** A group followed by a quantifier, e.g. `(a+)+`, `(a|b)*`, `(x){2,}`: skipped rather than risked. */
const QUANTIFIED_GROUP = /\)[*+?{]/;

function engineFor(skipped: string[]): RegExpEngine {
  const make = (pattern: string, u: string): { test: (s: string) => boolean } => {
    if (pattern.length > MAX_PATTERN || QUANTIFIED_GROUP.test(pattern)) {
      if (!skipped.includes(pattern)) skipped.push(pattern);
      return { test: () => true };
    }
    return new RegExp(pattern, u);
  };
  // `code` names the engine for Ajv's standalone output; anything but "new RegExp" makes Ajv call it.
  return Object.assign(make, { code: 'mcpHealthRegExp' });
}

export type SchemaDialect = '2020' | '2019' | '07';

/** The validator a schema's `$schema` asks for (absent: 2020-12); undefined for a dialect Ajv does not have. */
export function dialectOf(schema: Record<string, unknown>): SchemaDialect | undefined {
  const uri = schema.$schema;
  if (uri === undefined) return '2020';
  if (typeof uri !== 'string') return undefined;
  const u = uri.replace(/^https?:\/\//, '').replace(/#$/, '');
  if (u === 'json-schema.org/draft/2020-12/schema') return '2020';
  if (u === 'json-schema.org/draft/2019-09/schema') return '2019';
  if (u === 'json-schema.org/draft-07/schema' || u === 'json-schema.org/draft-06/schema') return '07';
  return undefined;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  if (e.keyword === 'required') return `${where}: missing required property "${String((e.params as { missingProperty?: unknown }).missingProperty)}"`;
  if (e.keyword === 'additionalProperties') return `${where}: unexpected property "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where}: must be one of ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues).slice(0, 120)}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

/** Validate `value` against `schema`. Never throws. */
export function validateAgainst(schema: unknown, value: unknown): Validation {
  if (typeof schema === 'boolean') return schema ? { ok: true, skipped: [] } : { ok: false, errors: ['(root): the schema is false: nothing is valid'], skipped: [] };
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { ok: 'unchecked', reason: 'the schema is not a JSON object' };
  const text = JSON.stringify(schema);
  if (text.length > MAX_SCHEMA_CHARS) return { ok: 'unchecked', reason: `the schema is larger than ${MAX_SCHEMA_CHARS / 1024} KB; not compiled` };
  if (depth(schema) > MAX_DEPTH) return { ok: 'unchecked', reason: `the schema is nested more than ${MAX_DEPTH} levels; not compiled` };
  const dialect = dialectOf(schema as Record<string, unknown>);
  if (!dialect) return { ok: 'unchecked', reason: `unsupported $schema ${JSON.stringify((schema as { $schema?: unknown }).$schema).slice(0, 80)}` };
  const skipped: string[] = [];
  const options = { strict: false, allErrors: true, validateFormats: false, code: { regExp: engineFor(skipped) } } as const;
  const ajv = dialect === '2020' ? new Ajv2020(options) : dialect === '2019' ? new Ajv2019(options) : new Ajv07(options);
  let validate: ValidateFunction;
  try {
    // A copy: Ajv keeps a reference, and the server's object is the report's too.
    validate = ajv.compile(JSON.parse(text) as object);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: 'unchecked', reason: `the schema does not compile: ${msg.slice(0, 160)}` };
  }
  let valid: boolean;
  try {
    valid = validate(value) as boolean;
  } catch (err) {
    return { ok: 'unchecked', reason: `validation failed: ${err instanceof Error ? err.message.slice(0, 160) : String(err)}` };
  }
  const skippedNotes = skipped.map((p) => `pattern ${JSON.stringify(p).slice(0, 60)} not checked here (risk of slow matching)`);
  if (valid) return { ok: true, skipped: skippedNotes };
  const errors = (validate.errors ?? []).slice(0, MAX_ERRORS).map(describe);
  return { ok: false, errors, skipped: skippedNotes };
}
