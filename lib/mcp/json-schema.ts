// Is a tool's inputSchema / outputSchema valid JSON Schema? Compiled with Ajv under the schema's
// dialect. https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage
// (https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage): "When a
// schema does not include a `$schema` field, it defaults to JSON Schema 2020-12"; "Schemas MUST be
// valid according to their declared or default dialect"; implementations MUST support 2020-12.
//
// Compiling checks what the meta-schema says (Ajv validates the schema against it first) and what it
// cannot: every `$ref` resolves without the network, every `pattern` is a regular expression (with
// the `u` flag, as Ajv in the official SDKs compiles it). The schemas are untrusted, so the limits
// of lib/mcp/validate.ts apply (https://ajv.js.org/security.html#untrusted-schemas): over 64 KB or 64
// levels deep is not compiled, no remote `$ref` loading, no `$data`, no format plugins. Compiling
// never runs a `pattern`, so slow regular expressions are no risk here.
import { Ajv as Ajv07 } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { MAX_SCHEMA_CHARS, dialectOf, tooDeep, type SchemaDialect } from './validate';

/** Dialects Ajv compiles (what common validators accept). */
export type Dialect = { known: true } | { known: false; uri: string } | { invalid: string };

/** The root `$schema`: absent means 2020-12 (https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage). */
export function schemaDialect(schema: unknown): Dialect {
  if (typeof schema !== 'object' || schema === null || !('$schema' in schema)) return { known: true };
  const uri = (schema as { $schema: unknown }).$schema;
  if (typeof uri !== 'string') return { invalid: `$schema is ${JSON.stringify(uri)}, not a URI string` };
  return dialectOf(schema as Record<string, unknown>) ? { known: true } : { known: false, uri };
}

type AnyAjv = Ajv07 | Ajv2019 | Ajv2020;
// One validator per dialect for the process: building one compiles its meta-schema (~70 ms), which a
// check should not pay per tool. Each compile is synchronous and undone right after (below), so
// checks running side by side cannot see each other's schemas.
const validators = new Map<SchemaDialect, AnyAjv>();
function ajvFor(d: SchemaDialect): AnyAjv {
  let ajv = validators.get(d);
  if (!ajv) {
    const options = { strict: false, allErrors: false, validateFormats: false } as const;
    ajv = d === '2020' ? new Ajv2020(options) : d === '2019' ? new Ajv2019(options) : new Ajv07(options);
    validators.set(d, ajv);
  }
  return ajv;
}

// The same schemas come back on every check of a server (monitors, CI): remember recent answers.
const MAX_REMEMBERED = 500;
const remembered = new Map<string, string | undefined>();

/** `/properties/city/type` → `properties.city.type` */
const pathOf = (pointer: string) => pointer.replace(/^\//, '').split('/').join('.').replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The first reason the schema does not compile under its dialect, as `where: what`, or undefined
 * when it compiles (or is too big or deep to compile here, or declares a dialect Ajv does not have).
 */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `(root): a schema must be an object or a boolean, not ${JSON.stringify(schema)?.slice(0, 40)}`;
  const text = JSON.stringify(schema);
  if (text.length > MAX_SCHEMA_CHARS || tooDeep(schema)) return undefined;
  const dialect = dialectOf(schema as Record<string, unknown>);
  if (!dialect) return undefined;
  const key = `${dialect}\n${text}`;
  if (remembered.has(key)) return remembered.get(key);
  // A copy (Ajv keeps what it compiles) without `$schema`: the validator is already the dialect's, and
  // Ajv looks `$schema` up by its exact spelling (http or https, with or without "#").
  const copy = JSON.parse(text) as Record<string, unknown>;
  delete copy.$schema;
  const problem = compileProblem(ajvFor(dialect), copy);
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, problem);
  return problem;
}

function compileProblem(ajv: AnyAjv, schema: Record<string, unknown>): string | undefined {
  // Against the meta-schema first: its error names the place.
  if (!ajv.validateSchema(schema)) {
    const e = ajv.errors?.[0];
    return e ? `${pathOf(e.instancePath) || '(root)'}: ${e.message ?? e.keyword}` : 'not valid against its meta-schema';
  }
  const refs = new Set(Object.keys(ajv.refs));
  const schemas = new Set(Object.keys(ajv.schemas));
  try {
    ajv.compile(schema);
    return undefined;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return msg.replace(/ from id #$/, '').slice(0, 160);
  } finally {
    // Forget the schema and every `$id` inside it, so the next server's `$id`s never clash with these.
    ajv.removeSchema(schema);
    for (const k of Object.keys(ajv.refs)) if (!refs.has(k)) delete (ajv.refs as Record<string, unknown>)[k];
    for (const k of Object.keys(ajv.schemas)) if (!schemas.has(k)) delete (ajv.schemas as Record<string, unknown>)[k];
  }
}
