// `tools/list` with pagination (MCP 2025-11-25 server/utilities/pagination; 2026-07-28 adds that an
// empty-string cursor is still a cursor) and the checks on the listed tools (brief §1.6, §5 S1–S7).
import { z } from 'zod';
import type { Finding, Tool } from '../report/schema';
import { Tool as ToolSchema } from '../report/schema';
import type { Exchange } from './exchange';
import { finding } from './findings';
import { interpret, settle, type Interpreted } from './interpret';

export const MAX_PAGES = 50;

const ListResult = z.object({ tools: z.array(z.unknown()), nextCursor: z.string().optional() }).loose();

export interface Listing {
  ok: boolean;
  tools: Tool[];
  pages: number;
  /** The page results, for era-specific checks (resultType, caching). */
  results: Array<{ stepId: string; result: Record<string, unknown> }>;
  error?: Interpreted & { ok: false };
}

/**
 * Page through a listing. `first` may already be in flight (the modern path starts page one side by
 * side with `server/discover`); `next(cursor, page)` performs each further page.
 */
export async function listTools(
  first: Promise<Exchange>,
  next: (cursor: string, page: number) => Promise<Exchange>,
  findings: Finding[],
): Promise<Listing> {
  const tools: Tool[] = [];
  const results: Listing['results'] = [];
  const seenCursors = new Set<string>();
  let pending = first;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const x = await pending;
    const r = interpret(x, findings);
    if (!r.ok) {
      settle(x, r, '');
      return { ok: false, tools, pages: page, results, error: r };
    }
    const parsed = ListResult.safeParse(r.result);
    if (!parsed.success) {
      const err = { ok: false as const, error: { code: 'PROTOCOL' as const, message: 'The tools/list result has no "tools" array.' } };
      findings.push(finding('S1', 'The tools/list result has no "tools" array.', { stepId: x.step.id }));
      settle(x, err, '');
      return { ok: false, tools, pages: page, results, error: err };
    }
    results.push({ stepId: x.step.id, result: r.result as Record<string, unknown> });
    const before = tools.length;
    parsed.data.tools.forEach((raw, i) => {
      const tool = checkTool(raw, `${x.step.id} tools[${i}]`, x.step.id, findings);
      if (tool) tools.push(tool);
    });
    const cursor = parsed.data.nextCursor;
    settle(x, r, `${tools.length - before} tool${tools.length - before === 1 ? '' : 's'}${cursor !== undefined ? ', more pages' : ''}`);
    if (cursor === undefined) return { ok: true, tools, pages: page, results };
    if (seenCursors.has(cursor)) {
      findings.push(finding('S7', 'tools/list returned a cursor it had already returned: the pagination loops.', { stepId: x.step.id, evidence: `nextCursor ${JSON.stringify(cursor)}` }));
      x.step.status = 'warn';
      return { ok: true, tools, pages: page, results };
    }
    seenCursors.add(cursor);
    if (page === MAX_PAGES) {
      findings.push(finding('S7', `tools/list still had more pages after ${MAX_PAGES}; stopped reading.`, { stepId: x.step.id }));
      return { ok: true, tools, pages: page, results };
    }
    pending = next(cursor, page + 1);
  }
  return { ok: true, tools, pages: MAX_PAGES, results };
}

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

function checkTool(raw: unknown, where: string, stepId: string, findings: Finding[]): Tool | undefined {
  const base = z.object({ name: z.string() }).loose().safeParse(raw);
  if (!base.success) {
    findings.push(finding('S1', `A tool without a string "name" (${where}): strict clients drop the whole list.`, { stepId }));
    return undefined;
  }
  const t = base.data as Record<string, unknown> & { name: string };
  const schema = t.inputSchema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || (schema as { type?: unknown }).type !== 'object') {
    findings.push(
      finding('S2', `Tool "${t.name}" has an inputSchema that is not an object schema (root "type": "object").`, { stepId, evidence: JSON.stringify(schema)?.slice(0, 80) ?? 'missing' }),
    );
  }
  if (!TOOL_NAME.test(t.name)) {
    findings.push(finding('S5', `Tool name "${t.name}" is outside 1–128 characters of A–Z a–z 0–9 _ - .`, { stepId }));
  }
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

/** Duplicate names across all pages (brief §5 S6). */
export function checkDuplicates(tools: Tool[], findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const t of tools) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  for (const [name, n] of seen) {
    if (n > 1) findings.push(finding('S6', `Tool name "${name}" appears ${n} times: clients cannot tell the tools apart.`));
  }
}
