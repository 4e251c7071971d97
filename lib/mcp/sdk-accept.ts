// What the official TypeScript SDK clients accept decides whether their users see a listing: each
// client parses a tools/list (resources, prompts, templates) result with its own zod schema and
// throws the whole result away when one item fails. The schemas are used here as a library, from
// the packages themselves, never copied (https://github.com/modelcontextprotocol/typescript-sdk).
import * as v1 from '@modelcontextprotocol/sdk/types.js';
import * as v2 from '@modelcontextprotocol/core';
import type { ListKind } from './listing';

interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

interface SdkClient {
  /** What the report calls it. */
  client: string;
  /** The eras whose results this client reads (v1 speaks initialize-based revisions only). */
  eras: ReadonlyArray<'modern' | 'legacy' | 'http+sse'>;
  schemas: Record<ListKind, SafeParser>;
}

export const SDK_CLIENTS: readonly SdkClient[] = [
  {
    client: 'the official TypeScript SDK v1 (@modelcontextprotocol/sdk)',
    eras: ['legacy', 'http+sse'],
    schemas: { tools: v1.ListToolsResultSchema, resources: v1.ListResourcesResultSchema, prompts: v1.ListPromptsResultSchema, resourceTemplates: v1.ListResourceTemplatesResultSchema },
  },
  {
    client: 'the official TypeScript SDK v2 (@modelcontextprotocol/client)',
    eras: ['modern', 'legacy', 'http+sse'],
    schemas: { tools: v2.ListToolsResultSchema, resources: v2.ListResourcesResultSchema, prompts: v2.ListPromptsResultSchema, resourceTemplates: v2.ListResourceTemplatesResultSchema },
  },
];

export interface Rejection {
  client: string;
  /** Where and why, e.g. `tools[3].inputSchema: expected object, received string`. */
  reason: string;
}

function where(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** The SDK clients of this era that refuse this listing result, with the first reason each gives. */
export function sdkRejections(kind: ListKind, era: 'modern' | 'legacy' | 'http+sse' | undefined, result: unknown): Rejection[] {
  const out: Rejection[] = [];
  for (const c of SDK_CLIENTS) {
    if (era && !c.eras.includes(era)) continue;
    const parsed = c.schemas[kind].safeParse(result);
    if (parsed.success) continue;
    const issue = parsed.error.issues[0];
    out.push({ client: c.client, reason: issue ? `${where(issue.path) || 'the result'}: ${issue.message.replace(/^Invalid input: /, '')}` : 'the result does not match its schema' });
  }
  return out;
}
