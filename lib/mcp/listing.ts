// `tools/list` with pagination (MCP 2025-11-25, https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination;
// 2026-07-28 adds that an empty-string cursor is still a cursor) and the checks on the listed tools (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools).
import { z } from 'zod';
import type { Finding, Tool } from '../report/schema';
import { Tool as ToolSchema, Listed as ListedSchema, type Listed } from '../report/schema';
import type { Exchange } from './exchange';
import { finding } from './findings';
import { quote } from '../report/redact';
import { interpret, settle, type Interpreted } from './interpret';
import { MODERN_VERSION } from './protocol';
import { schemaDialect, schemaProblem } from './json-schema';
import { SDK_CLIENTS, sdkRejections, whoRejects } from './sdk-accept';
import { reviewTool, visible } from './tool-review';
import { checkLookalikes } from './lookalike';

export const MAX_PAGES = 50;

export type ListKind = 'tools' | 'resources' | 'prompts' | 'resourceTemplates';

export const LIST_METHOD: Record<ListKind, string> = {
  tools: 'tools/list',
  resources: 'resources/list',
  prompts: 'prompts/list',
  resourceTemplates: 'resources/templates/list',
};

/** The capability that gates each listing (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#capability-negotiation). */
export const LIST_CAPABILITY: Record<ListKind, string> = { tools: 'tools', resources: 'resources', prompts: 'prompts', resourceTemplates: 'resources' };

export interface Listing<T> {
  ok: boolean;
  items: T[];
  pages: number;
  /** The page results, for era-specific checks (resultType, caching). */
  results: Array<{ stepId: string; result: Record<string, unknown> }>;
  error?: Interpreted & { ok: false };
  /** The step that failed, when `error` is set. */
  errorStepId?: string;
}

// Built once: a zod schema compiles itself on first use, so one built per call costs that compile on
// every check (docs/benchmarks.md, part 2).
const page = <K extends ListKind>(kind: K) => z.object({ [kind]: z.array(z.unknown()), nextCursor: z.string().optional() }).loose();
const PAGE: Record<ListKind, ReturnType<typeof page>> = {
  tools: page('tools'),
  resources: page('resources'),
  prompts: page('prompts'),
  resourceTemplates: page('resourceTemplates'),
};
const NamedItem = z.object({ name: z.string() }).loose();

/**
 * Page through a listing. `first` may already be in flight (the modern path starts page one side by
 * side with `server/discover`); `next(cursor, page)` performs each further page. Cursors are opaque;
 * a repeated cursor ends the listing with finding S7 (best practice beside
 * https://modelcontextprotocol.io/specification/2025-11-25/server/utilities/pagination#implementation-guidelines: cap pages, stop on repeats).
 */
export async function listPaged<T>(
  kind: ListKind,
  first: Promise<Exchange>,
  next: (cursor: string, page: number) => Promise<Exchange>,
  findings: Finding[],
  readItem: (raw: unknown, where: string, stepId: string) => T | undefined,
): Promise<Listing<T>> {
  const method = LIST_METHOD[kind];
  const items: T[] = [];
  const results: Listing<T>['results'] = [];
  const seenCursors = new Set<string>();
  const Page = PAGE[kind];
  let pending = first;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const x = await pending;
    const r = interpret(x, findings);
    if (!r.ok) {
      settle(x, r, '');
      return { ok: false, items, pages: page, results, error: r, errorStepId: x.step.id };
    }
    const parsed = Page.safeParse(r.result);
    if (!parsed.success) {
      const message = `The ${method} result has no "${kind}" array.`;
      const err = { ok: false as const, error: { code: 'PROTOCOL' as const, message } };
      findings.push(finding('S1', message, { stepId: x.step.id }));
      settle(x, err, '');
      return { ok: false, items, pages: page, results, error: err, errorStepId: x.step.id };
    }
    results.push({ stepId: x.step.id, result: r.result as Record<string, unknown> });
    checkSdkAcceptance(kind, r.result, x, findings);
    const before = items.length;
    (parsed.data[kind] as unknown[]).forEach((raw, i) => {
      const item = readItem(raw, `${x.step.id} ${kind}[${i}]`, x.step.id);
      if (item !== undefined) items.push(item);
    });
    const cursor = parsed.data.nextCursor as string | undefined;
    const n = items.length - before;
    settle(x, r, `${n} ${n === 1 ? singular(kind) : plural(kind)}${cursor !== undefined ? ', more pages' : ''}`);
    if (cursor === undefined) return { ok: true, items, pages: page, results };
    if (seenCursors.has(cursor)) {
      findings.push(finding('S7', `${method} returned a cursor it had already returned: the pagination loops.`, { stepId: x.step.id, evidence: `nextCursor ${JSON.stringify(cursor)}` }));
      x.step.status = 'warn';
      return { ok: true, items, pages: page, results };
    }
    seenCursors.add(cursor);
    if (page === MAX_PAGES) {
      findings.push(finding('S7', `${method} still had more pages after ${MAX_PAGES}; stopped reading.`, { stepId: x.step.id }));
      return { ok: true, items, pages: page, results };
    }
    pending = next(cursor, page + 1);
  }
  return { ok: true, items, pages: MAX_PAGES, results };
}

/**
 * A listing an official SDK client refuses is no listing for its users: the client throws on the
 * whole result. Tools: finding S14, error (the verdict becomes partial). Resources, templates and
 * prompts: S20, warning (the client works, without them).
 */
function checkSdkAcceptance(kind: ListKind, result: unknown, x: Exchange, findings: Finding[]) {
  const era = x.step.era === 'modern' || x.step.era === 'legacy' || x.step.era === 'http+sse' ? x.step.era : undefined;
  const rejected = sdkRejections(kind, era, result);
  if (!rejected.length) return;
  const of = SDK_CLIENTS.filter((c) => !era || c.eras.includes(era)).length;
  const reason = rejected[0]!.reason;
  if (kind === 'tools') {
    findings.push(finding('S14', `${whoRejects(rejected, of)} the whole tool list: ${quote(reason)}; its users see no tools at all.`, { stepId: x.step.id, evidence: reason }));
  } else {
    findings.push(finding('S20', `${whoRejects(rejected, of)} the whole ${plural(kind)} list: ${quote(reason)}; its users see no ${plural(kind)}.`, { stepId: x.step.id, evidence: reason }));
  }
}

function plural(kind: ListKind): string {
  return kind === 'resourceTemplates' ? 'resource templates' : kind;
}
function singular(kind: ListKind): string {
  return plural(kind).replace(/s$/, '');
}

/** `revision`: the protocol version in effect, which decides the rules that apply (each rule says from which revision it applies). */
export async function listTools(first: Promise<Exchange>, next: (cursor: string, page: number) => Promise<Exchange>, findings: Finding[], revision: string) {
  const pageOf = new WeakMap<Tool, string>();
  const listing = await listPaged<Tool>('tools', first, next, findings, (raw, where, stepId) => {
    const tool = checkTool(raw, where, stepId, findings, revision);
    if (tool) pageOf.set(tool, stepId);
    return tool;
  });
  checkDuplicates(listing.items, findings, (t) => pageOf.get(t));
  return listing;
}

/** Resources, prompts and templates: kept loosely (display only), with the required fields checked (S1). */
export function readListed(kind: Exclude<ListKind, 'tools'>, findings: Finding[], revision: string) {
  const required = kind === 'resources' ? ['uri', 'name'] : kind === 'resourceTemplates' ? ['uriTemplate', 'name'] : ['name'];
  return (raw: unknown, where: string, stepId: string): Listed | undefined => {
    const o = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
    const missing = required.filter((k) => typeof o?.[k] !== 'string');
    if (!o || missing.length) {
      findings.push(finding('S1', `An item of ${LIST_METHOD[kind]} lacks ${missing.join(' and ') || 'an object shape'} (${where}).`, { stepId }));
      return undefined;
    }
    checkIcons(o.icons, `${singular(kind)} "${visible(String(o.name))}"`, stepId, revision, findings);
    const parsed = ListedSchema.safeParse(o);
    return parsed.success ? parsed.data : undefined;
  };
}

export type { Listed };

/** Is `revision` the given one or newer? Revisions are dates, so they compare as strings. */
export function since(revision: string, first: string): boolean {
  return revision >= first;
}

function isObjectSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && !Array.isArray(schema) && (schema as { type?: unknown }).type === 'object';
}

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** What LLM function-calling APIs accept as a function name (the common denominator of popular clients). */
const CLIENT_TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
function checkTool(raw: unknown, where: string, stepId: string, findings: Finding[], revision: string): Tool | undefined {
  const base = NamedItem.safeParse(raw);
  if (!base.success) {
    findings.push(finding('S1', `A tool without a string "name" (${where}): strict clients drop the whole list.`, { stepId }));
    return undefined;
  }
  const t = base.data as Record<string, unknown> & { name: string };
  const schema = t.inputSchema;
  if (!isObjectSchema(schema)) {
    findings.push(
      finding('S2', `Tool "${visible(t.name)}" has an inputSchema that is not an object schema (root "type": "object").`, { stepId, evidence: JSON.stringify(schema)?.slice(0, 80) ?? 'missing' }),
    );
  }
  // outputSchema (added in 2025-06-18) must have root type "object" until 2026-07-28 allows any schema.
  if (t.outputSchema !== undefined && since(revision, '2025-06-18') && !since(revision, MODERN_VERSION) && !isObjectSchema(t.outputSchema)) {
    findings.push(
      finding('S4', `Tool "${visible(t.name)}" has an outputSchema whose root is not "type": "object" (required under ${revision}).`, {
        stepId,
        evidence: JSON.stringify(t.outputSchema)?.slice(0, 80) ?? 'null',
      }),
    );
  }
  if (since(revision, '2025-11-25')) {
    // 2025-11-25 made the dialect explicit (default 2020-12); earlier revisions left it open.
    if (isObjectSchema(schema)) checkSchema(t.name, 'inputSchema', schema, stepId, findings);
    if (t.outputSchema !== undefined) checkSchema(t.name, 'outputSchema', t.outputSchema, stepId, findings);
  }
  checkIcons(t.icons, `Tool "${visible(t.name)}"`, stepId, revision, findings);
  if (!TOOL_NAME.test(t.name)) {
    // The naming rules arrived in 2025-11-25; before that they are advice only (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names).
    findings.push(
      finding('S5', `Tool name "${visible(t.name)}" is outside 1–128 characters of A–Z a–z 0–9 _ - .${since(revision, '2025-11-25') ? '' : ` (a rule only from 2025-11-25; this server speaks ${revision})`}`, {
        stepId,
        ...(since(revision, '2025-11-25') ? {} : { severity: 'info' as const }),
      }),
    );
  } else if (!CLIENT_TOOL_NAME.test(t.name)) {
    findings.push(
      finding('S12', `Tool name "${visible(t.name)}" is valid MCP, but clients that map tools to LLM function names (1–64 of A–Z a–z 0–9 _ -) rename or reject it.`, { stepId }),
    );
  }
  reviewTool(t, stepId, findings);
  // Keep what the report shows; tolerate odd optional fields rather than dropping the tool.
  const parsed = ToolSchema.safeParse(t);
  if (parsed.success) return parsed.data;
  return {
    name: t.name,
    ...(typeof t.title === 'string' ? { title: t.title } : {}),
    ...(typeof t.description === 'string' ? { description: t.description } : {}),
    inputSchema: t.inputSchema,
  };
}

/** Is the schema valid under its dialect (https://modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage)? A dialect clients need not support is info. */
function checkSchema(tool: string, field: 'inputSchema' | 'outputSchema', schema: unknown, stepId: string, findings: Finding[]): void {
  const dialect = schemaDialect(schema);
  if ('invalid' in dialect) {
    findings.push(finding('S3', `Tool "${visible(tool)}" has an ${field} that is not valid JSON Schema: ${dialect.invalid}.`, { stepId }));
  } else if (!dialect.known) {
    findings.push(
      finding('S3', `Tool "${visible(tool)}" declares its ${field} in ${dialect.uri}; clients only have to support JSON Schema 2020-12.`, { stepId, severity: 'info', evidence: dialect.uri }),
    );
  } else {
    const problem = schemaProblem(schema);
    if (problem) findings.push(finding('S3', `Tool "${visible(tool)}" has an ${field} that is not valid JSON Schema: ${problem}.`, { stepId }));
  }
}

/**
 * Icons (2025-11-25+): clients must reject a src that is not https: or data: (2025-11-25 basic
 * §Icons, https://modelcontextprotocol.io/specification/2025-11-25/basic#icons), so such an icon never shows. `owner` names what carries the icons.
 */
export function checkIcons(icons: unknown, owner: string, stepId: string, revision: string, findings: Finding[]): void {
  if (!since(revision, '2025-11-25') || !Array.isArray(icons)) return;
  const bad = icons
    .map((i) => (typeof i === 'object' && i !== null ? (i as { src?: unknown }).src : undefined))
    .filter((src): src is string => typeof src === 'string' && !/^(https|data):/i.test(src.trim()));
  if (bad.length) {
    findings.push(finding('S8', `${owner} has an icon whose src is not https: or data: (${bad[0]!.slice(0, 60)}); clients must not load it.`, { stepId, evidence: bad.slice(0, 3).map((b) => b.slice(0, 60)).join(', ') }));
  }
}

/**
 * Duplicate names across all pages (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names: unique within a server), pointing at the page where the name repeats;
 * then names that are not duplicates but look like one, or like a well-known tool (S22, lib/mcp/lookalike.ts).
 */
export function checkDuplicates(tools: Tool[], findings: Finding[], stepOf: (t: Tool) => string | undefined = () => undefined): void {
  const seen = new Map<string, { n: number; stepId?: string }>();
  for (const t of tools) {
    const entry = seen.get(t.name) ?? { n: 0 };
    entry.n++;
    if (entry.n === 2) entry.stepId = stepOf(t);
    seen.set(t.name, entry);
  }
  for (const [name, { n, stepId }] of seen) {
    if (n > 1) findings.push(finding('S6', `Tool name "${visible(name)}" appears ${n} times: clients cannot tell the tools apart.`, stepId ? { stepId } : {}));
  }
  checkLookalikes(tools, findings, stepOf);
}
