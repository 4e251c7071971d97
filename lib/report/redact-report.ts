// Where in a report masking may happen. A report mixes three kinds of text:
// - what the checker decided (verdict, era, statuses, ids, versions, codes): never touched, so no
//   typed value can rewrite a verdict or make the report fail its own schema;
// - recorded copies of what came back (bodies, response headers, SSE frames, the server's identity,
//   tools, metadata documents, a finding's evidence): every secret is masked;
// - the checker's own sentences (notes, messages, the summary): only quotes of the server inside
//   them (lib/report/redact.ts `quote`) and values that cannot be ordinary words are masked.
// The engine applies it with the typed values; the shared copy (sanitize.ts) with what it collects.
import { isStrongSecret, makeRedactor, redactSentence, secretValues } from './redact';

type Mode = 'keep' | 'server' | 'sentence';
export type TextMasker = (text: string) => string;

export interface Maskers {
  /** For recorded copies of what came back. */
  server: TextMasker;
  /** For the checker's sentences outside a quote. */
  sentence: TextMasker;
}

/** Keys whose values the checker decided, or the person typed: left as they are. */
const KEEP = new Set([
  'schemaVersion',
  'url',
  'checkedAt',
  'durationMs',
  'verdict',
  'era',
  'protocolVersion',
  'supportedVersions',
  'id',
  'stepId',
  'status',
  'severity',
  'code',
  'group',
  'startMs',
  'latencyMs',
  'timing',
  'request',
  'specUrl',
  'bestPractice',
  'client',
  'sanitized',
  'revision',
  'purpose',
  'outcome',
  'resourceMetadataSource',
  'authorizationServerSource',
  'registration',
  'resourceMatch',
  'legacyFallback',
  'truncated',
  'toolsFingerprint',
  // A tool call (lib/report/call.ts): what the checker decided about it.
  'n',
  'calledAt',
  'stepIds',
  'isError',
  'outputValid',
]);

/** Keys holding what the server sent, whole subtrees. */
const SERVER = new Set([
  'response',
  'serverInfo',
  'capabilities',
  'instructions',
  'tools',
  'resources',
  'prompts',
  'resourceTemplates',
  'session',
  'evidence',
  'challenge',
  'resourceMetadata',
  'authorizationServer',
  'scopes',
  'resourceMetadataUrl',
  'authorizationServerMetadataUrl',
  // What a tool call brought back (lib/report/call.ts).
  'content',
  'unknownContent',
  'structuredContent',
  'rpcError',
  'notifications',
  'app',
]);

interface Policy {
  keep: Set<string>;
  server: Set<string>;
}

function walk(value: unknown, mode: Mode, m: Maskers, p: Policy): unknown {
  if (typeof value === 'string') {
    // Quote marks inside a server subtree (a quoted evidence) are dropped, never interpreted.
    if (mode === 'server') return m.server(hasQuoteMark(value) ? value.replace(/[\uE000\uE001]/g, '') : value);
    if (mode === 'sentence') return redactSentence(value, m.server, m.sentence);
    return value;
  }
  if (mode === 'keep') return value;
  // Copied only where something changed: most of a report has no secret and no quote mark in it,
  // and copying all of it was most of this walk's cost on every check (docs/benchmarks.md, part 2).
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const w = walk(v, mode, m, p);
      if (w !== v) (out ??= value.slice())[i] = w;
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    // for…in over a plain object's own keys: Object.entries() allocates a pair per member, and this
    // runs over every member of every report (docs/benchmarks.md, part 2).
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      // Inside a server subtree every string is the server's, whatever its key is called.
      const child: Mode = mode === 'server' ? 'server' : p.server.has(k) ? 'server' : p.keep.has(k) ? 'keep' : 'sentence';
      const v = (value as Record<string, unknown>)[k];
      const w = walk(v, child, m, p);
      if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    return out ?? value;
  }
  return value;
}

const hasQuoteMark = (s: string): boolean => s.includes('\uE000') || s.includes('\uE001');

/**
 * The report (or one step) with the maskers applied where they may be; the shape is unchanged. What
 * changed is copied; what did not is the caller's own object, shared (reports are not changed after).
 */
export function maskReport<T>(value: T, m: Maskers, options: { alsoServer?: string[] } = {}): T {
  const extra = options.alsoServer ?? [];
  const policy: Policy = extra.length
    ? { keep: new Set([...KEEP].filter((k) => !extra.includes(k))), server: new Set([...SERVER, ...extra]) }
    : { keep: KEEP, server: SERVER };
  return walk(value, 'sentence', m, policy) as T;
}

/** The maskers for what the person typed: every secret in server data, only strong ones in sentences. */
export function typedValueMaskers(values: string[]): Maskers {
  const server = makeRedactor(values);
  const strong = secretValues(values).filter(isStrongSecret);
  return { server, sentence: strong.length ? makeRedactor(strong) : (t) => t };
}

