// Readable differences between two surfaces (lib/monitor/surface.ts): what a monitor records as a
// drift event, and what /compare and `mcp-health diff` show. Tool-definition changes are flagged as
// security-relevant: clients hand tool descriptions and schemas to a model, so a tool that changes
// after a person approved it can make the model do something else than what was approved
// (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations).
import { canonicalJson, type Surface, type SurfaceTool } from './surface';

export interface Change {
  subject: 'tool' | 'resource' | 'prompt' | 'version' | 'capability' | 'auth';
  change: 'added' | 'removed' | 'changed';
  name: string;
  /** One line a person reads, e.g. "tool `search` description changed: "a" → "b"". */
  text: string;
  security: boolean;
}

const MAX_QUOTE = 120;

function quote(value: unknown): string {
  const s = typeof value === 'string' ? value : value === undefined ? '(none)' : canonicalJson(value);
  return JSON.stringify(s.length > MAX_QUOTE ? `${s.slice(0, MAX_QUOTE - 1)}…` : s);
}

const TOOL_FIELDS = ['title', 'description', 'annotations', 'inputSchema', 'outputSchema'] as const;
const FIELD_TEXT: Record<(typeof TOOL_FIELDS)[number], string> = {
  title: 'title',
  description: 'description',
  annotations: 'annotations',
  inputSchema: 'input schema',
  outputSchema: 'output schema',
};

function diffTools(before: SurfaceTool[], after: SurfaceTool[]): Change[] {
  const out: Change[] = [];
  const old = new Map(before.map((t) => [t.name, t]));
  const now = new Map(after.map((t) => [t.name, t]));
  for (const [name, t] of now) {
    const was = old.get(name);
    if (!was) {
      out.push({ subject: 'tool', change: 'added', name, text: `tool \`${name}\` added`, security: true });
      continue;
    }
    for (const f of TOOL_FIELDS) {
      if (canonicalJson(was[f]) !== canonicalJson(t[f])) {
        out.push({ subject: 'tool', change: 'changed', name, text: `tool \`${name}\` ${FIELD_TEXT[f]} changed: ${quote(was[f])} → ${quote(t[f])}`, security: true });
      }
    }
  }
  for (const name of old.keys()) if (!now.has(name)) out.push({ subject: 'tool', change: 'removed', name, text: `tool \`${name}\` removed`, security: true });
  return out;
}

function diffList(subject: Change['subject'], before: string[], after: string[], words: { added: (n: string) => string; removed: (n: string) => string }): Change[] {
  const out: Change[] = [];
  for (const n of after) if (!before.includes(n)) out.push({ subject, change: 'added', name: n, text: words.added(n), security: false });
  for (const n of before) if (!after.includes(n)) out.push({ subject, change: 'removed', name: n, text: words.removed(n), security: false });
  return out;
}

/** Every difference from `before` to `after`, tools first. Surfaces of different kinds are not compared (the verdict change says it). */
export function diffSurfaces(before: Surface, after: Surface): Change[] {
  if (before.kind !== after.kind) return [];
  const auth: Change[] = [];
  if (canonicalJson(before.auth ?? null) !== canonicalJson(after.auth ?? null)) {
    auth.push({ subject: 'auth', change: 'changed', name: 'auth', text: `authorization metadata changed: ${quote(before.auth)} → ${quote(after.auth)}`, security: true });
  }
  return [
    ...diffTools(before.tools, after.tools),
    ...diffList('version', before.versions, after.versions, { added: (v) => `${v} now accepted`, removed: (v) => `${v} no longer accepted` }),
    ...diffList('capability', before.capabilities, after.capabilities, { added: (c) => `capability \`${c}\` added`, removed: (c) => `capability \`${c}\` removed` }),
    ...diffList('resource', before.resources, after.resources, { added: (r) => `resource \`${r}\` added`, removed: (r) => `resource \`${r}\` removed` }),
    ...diffList('prompt', before.prompts, after.prompts, { added: (p) => `prompt \`${p}\` added`, removed: (p) => `prompt \`${p}\` removed` }),
    ...auth,
  ];
}

/** The event's one-line title: the first change and how many more. */
export function driftTitle(changes: Change[]): string {
  const first = changes[0]?.text ?? 'surface changed';
  return changes.length > 1 ? `${first} (+${changes.length - 1} more)` : first;
}
