// The Try form's model: a tool's inputSchema turned into fields, and the fields' values turned back
// into arguments, with the checks a browser can make before the server validates again (Ajv, in
// lib/mcp/validate.ts). Pure, so unit tests can drive every schema shape.
// JSON Schema keywords used: https://json-schema.org/draft/2020-12/json-schema-validation

export type Field =
  | { kind: 'string'; path: string[]; label: string; required: boolean; description?: string; default?: string; minLength?: number; maxLength?: number; multiline?: boolean }
  | { kind: 'number' | 'integer'; path: string[]; label: string; required: boolean; description?: string; default?: number; minimum?: number; maximum?: number }
  | { kind: 'boolean'; path: string[]; label: string; required: boolean; description?: string; default?: boolean }
  | { kind: 'enum'; path: string[]; label: string; required: boolean; description?: string; default?: string; options: Array<string | number | boolean> }
  | { kind: 'array'; path: string[]; label: string; required: boolean; description?: string; default?: string[]; item: 'string' | 'number' | 'integer' }
  | { kind: 'object'; path: string[]; label: string; required: boolean; description?: string; fields: Field[] }
  /** What the form cannot express (anyOf, arrays of objects, no type…): typed as JSON. */
  | { kind: 'json'; path: string[]; label: string; required: boolean; description?: string; default?: string };

/** What a field holds while a person edits it. */
export type Value = string | boolean | string[];
export type Values = Record<string, Value>;

const MAX_DEPTH = 4;
const MAX_FIELDS = 200;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const keyOf = (path: string[]): string => JSON.stringify(path);

function typeOf(s: Record<string, unknown>): string | undefined {
  const t = s.type;
  if (typeof t === 'string') return t;
  // ["string", "null"]: an optional value; the form offers the non-null type.
  if (Array.isArray(t)) {
    const rest = t.filter((x) => x !== 'null');
    return rest.length === 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
  }
  if (Array.isArray(s.enum)) return 'enum';
  if (isObj(s.properties)) return 'object';
  return undefined;
}

/** The fields for an object schema's properties; undefined when the root is not an object schema. */
export function fieldsFor(schema: unknown): Field[] | undefined {
  if (!isObj(schema)) return undefined;
  if (typeOf(schema) !== 'object' && !isObj(schema.properties)) return undefined;
  let count = 0;
  const walk = (s: Record<string, unknown>, path: string[], depth: number): Field[] => {
    const props = isObj(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
    const out: Field[] = [];
    for (const [name, raw] of Object.entries(props)) {
      if (++count > MAX_FIELDS) break;
      out.push(field(isObj(raw) ? raw : {}, [...path, name], required.has(name), depth));
    }
    return out;
  };
  const field = (s: Record<string, unknown>, path: string[], required: boolean, depth: number): Field => {
    const base = { path, label: typeof s.title === 'string' ? s.title : path[path.length - 1]!, required, ...(typeof s.description === 'string' ? { description: s.description } : {}) };
    const t = typeOf(s);
    const json = (): Field => ({ kind: 'json', ...base, ...(s.default !== undefined ? { default: JSON.stringify(s.default) } : {}) });
    if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((o) => ['string', 'number', 'boolean'].includes(typeof o))) {
      return { kind: 'enum', ...base, options: s.enum as Array<string | number | boolean>, ...(s.default !== undefined ? { default: JSON.stringify(s.default) } : {}) };
    }
    if (s.anyOf !== undefined || s.oneOf !== undefined || s.allOf !== undefined || s.$ref !== undefined) return json();
    switch (t) {
      case 'string':
        return {
          kind: 'string',
          ...base,
          ...(typeof s.default === 'string' ? { default: s.default } : {}),
          ...(typeof s.minLength === 'number' ? { minLength: s.minLength } : {}),
          ...(typeof s.maxLength === 'number' ? { maxLength: s.maxLength } : {}),
          ...(typeof s.maxLength !== 'number' || s.maxLength > 200 ? { multiline: /text|body|content|query|code|prompt|message/i.test(path[path.length - 1]!) } : {}),
        };
      case 'number':
      case 'integer':
        return {
          kind: t,
          ...base,
          ...(typeof s.default === 'number' ? { default: s.default } : {}),
          ...(typeof s.minimum === 'number' ? { minimum: s.minimum } : {}),
          ...(typeof s.maximum === 'number' ? { maximum: s.maximum } : {}),
        };
      case 'boolean':
        return { kind: 'boolean', ...base, ...(typeof s.default === 'boolean' ? { default: s.default } : {}) };
      case 'array': {
        const items = isObj(s.items) ? typeOf(s.items) : undefined;
        if (items === 'string' || items === 'number' || items === 'integer') {
          const def = Array.isArray(s.default) ? s.default.map((d) => String(d)) : undefined;
          return { kind: 'array', ...base, item: items, ...(def ? { default: def } : {}) };
        }
        return json();
      }
      case 'object':
        if (depth >= MAX_DEPTH || !isObj(s.properties)) return json();
        return { kind: 'object', ...base, fields: walk(s, path, depth + 1) };
      default:
        return json();
    }
  };
  return walk(schema, [], 0);
}

/** Each field's starting value: its default, else empty. */
export function initialValues(fields: Field[]): Values {
  const out: Values = {};
  const visit = (f: Field) => {
    const k = keyOf(f.path);
    if (f.kind === 'object') f.fields.forEach(visit);
    else if (f.kind === 'boolean') out[k] = f.default === undefined ? '' : String(f.default);
    else if (f.kind === 'array') out[k] = f.default ?? [];
    else if (f.kind === 'number' || f.kind === 'integer') out[k] = f.default === undefined ? '' : String(f.default);
    else out[k] = f.default === undefined ? '' : String(f.default);
  };
  fields.forEach(visit);
  return out;
}

export type Built = { ok: true; args: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

function num(text: string, f: Extract<Field, { kind: 'number' | 'integer' }>): number | string {
  const n = Number(text);
  if (!text.trim() || !Number.isFinite(n)) return 'Enter a number.';
  if (f.kind === 'integer' && !Number.isInteger(n)) return 'Enter a whole number.';
  if (f.minimum !== undefined && n < f.minimum) return `At least ${f.minimum}.`;
  if (f.maximum !== undefined && n > f.maximum) return `At most ${f.maximum}.`;
  return n;
}

/**
 * The arguments the fields describe. Empty optional fields are left out (the tool's defaults apply);
 * an optional nested object with nothing filled in is left out too.
 */
export function buildArguments(fields: Field[], values: Values): Built {
  const errors: Record<string, string> = {};
  const build = (list: Field[]): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    for (const f of list) {
      const k = keyOf(f.path);
      const name = f.path[f.path.length - 1]!;
      const v = values[k];
      const missing = () => {
        if (f.required) errors[k] = 'Required.';
      };
      switch (f.kind) {
        case 'object': {
          const before = new Set(Object.keys(errors));
          const inner = build(f.fields);
          if (Object.keys(inner).length || f.required) obj[name] = inner;
          // An optional object left blank is not sent, so its own required fields do not apply.
          else for (const e of Object.keys(errors)) if (!before.has(e)) delete errors[e];
          break;
        }
        case 'boolean':
          if (v === 'true' || v === 'false') obj[name] = v === 'true';
          else missing();
          break;
        case 'array': {
          const items = (Array.isArray(v) ? v : []).filter((s) => s.trim() !== '');
          if (!items.length) {
            missing();
            break;
          }
          if (f.item === 'string') obj[name] = items;
          else {
            const nums = items.map((s) => num(s, { kind: f.item as 'number' | 'integer', path: f.path, label: f.label, required: false }));
            const bad = nums.find((n) => typeof n === 'string');
            if (bad !== undefined) errors[k] = `Every item: ${String(bad)}`;
            else obj[name] = nums;
          }
          break;
        }
        case 'number':
        case 'integer': {
          const text = typeof v === 'string' ? v : '';
          if (!text.trim()) {
            missing();
            break;
          }
          const n = num(text, f);
          if (typeof n === 'string') errors[k] = n;
          else obj[name] = n;
          break;
        }
        case 'enum': {
          const text = typeof v === 'string' ? v : '';
          if (!text) {
            missing();
            break;
          }
          // Options are kept as JSON so 1 and "1" stay apart.
          obj[name] = JSON.parse(text) as unknown;
          break;
        }
        case 'json': {
          const text = typeof v === 'string' ? v : '';
          if (!text.trim()) {
            missing();
            break;
          }
          try {
            obj[name] = JSON.parse(text) as unknown;
          } catch {
            errors[k] = 'Not valid JSON (strings need "quotes").';
          }
          break;
        }
        case 'string': {
          const text = typeof v === 'string' ? v : '';
          if (!text) {
            missing();
            break;
          }
          if (f.minLength !== undefined && text.length < f.minLength) errors[k] = `At least ${f.minLength} characters.`;
          else if (f.maxLength !== undefined && text.length > f.maxLength) errors[k] = `At most ${f.maxLength} characters.`;
          else obj[name] = text;
          break;
        }
      }
    }
    return obj;
  };
  const args = build(fields);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, args };
}

/**
 * What the tool's hints say about trying it (https://modelcontextprotocol.io/specification/2025-11-25/schema#toolannotations:
 * readOnlyHint defaults to false, destructiveHint to true). `confirm` names the hint the
 * confirmation quotes.
 */
export type Risk = { level: 'safe'; reason: string } | { level: 'modifies'; reason: string } | { level: 'confirm'; reason: string };

export function riskOf(annotations: { readOnlyHint?: boolean; destructiveHint?: boolean } | undefined): Risk {
  if (annotations?.readOnlyHint === true) return { level: 'safe', reason: 'readOnlyHint: true' };
  if (annotations?.destructiveHint === true) return { level: 'confirm', reason: 'destructiveHint: true' };
  if (annotations?.destructiveHint === false) return { level: 'modifies', reason: 'destructiveHint: false (it may change data, but only additively)' };
  return { level: 'confirm', reason: 'no readOnlyHint or destructiveHint, so a client must assume it may change or delete data' };
}
