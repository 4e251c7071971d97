// What the official TypeScript SDK clients accept decides whether their users see a listing: each
// client parses a tools/list (resources, prompts, templates) result with its own zod schema and
// throws the whole result away when one item fails. The schemas are used here as a library, from
// the packages themselves, never copied (https://github.com/modelcontextprotocol/typescript-sdk).
import * as v1 from '@modelcontextprotocol/sdk/types.js';
import * as v2 from '@modelcontextprotocol/core';
import type { Finding } from '../report/schema';
import { quote } from '../report/redact';
import { finding } from './findings';
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
  /** The handshake results it reads (v1 has no server/discover). */
  handshake: Partial<Record<'initialize' | 'discover', SafeParser>>;
}

export const SDK_CLIENTS: readonly SdkClient[] = [
  {
    client: 'the official TypeScript SDK v1 (@modelcontextprotocol/sdk)',
    eras: ['legacy', 'http+sse'],
    schemas: { tools: v1.ListToolsResultSchema, resources: v1.ListResourcesResultSchema, prompts: v1.ListPromptsResultSchema, resourceTemplates: v1.ListResourceTemplatesResultSchema },
    handshake: { initialize: v1.InitializeResultSchema },
  },
  {
    client: 'the official TypeScript SDK v2 (@modelcontextprotocol/client)',
    eras: ['modern', 'legacy', 'http+sse'],
    schemas: { tools: v2.ListToolsResultSchema, resources: v2.ListResourcesResultSchema, prompts: v2.ListPromptsResultSchema, resourceTemplates: v2.ListResourceTemplatesResultSchema },
    handshake: { initialize: v2.InitializeResultSchema, discover: v2.DiscoverResultSchema },
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

/** The SDK clients of this era that refuse this listing (or handshake) result, with the first reason each gives. */
export function sdkRejections(kind: ListKind | 'initialize' | 'discover', era: 'modern' | 'legacy' | 'http+sse' | undefined, result: unknown): Rejection[] {
  const out: Rejection[] = [];
  for (const c of SDK_CLIENTS) {
    if (era && !c.eras.includes(era)) continue;
    const schema = kind === 'initialize' || kind === 'discover' ? c.handshake[kind] : c.schemas[kind];
    if (!schema) continue;
    const parsed = schema.safeParse(result);
    if (parsed.success) continue;
    const issue = parsed.error.issues[0];
    out.push({ client: c.client, reason: issue ? `${where(issue.path) || 'the result'}: ${issue.message.replace(/^Invalid input: /, '')}` : 'the result does not match its schema' });
  }
  return out;
}

/** "the official TypeScript SDK (v1 and v2) rejects" / "… v1 (…) rejects": who, for a finding. */
export function whoRejects(rejected: Rejection[], of: number = SDK_CLIENTS.length): string {
  return rejected.length === of && of > 1 ? 'the official TypeScript SDK (v1 and v2) rejects' : `${rejected.map((r) => r.client).join(' and ')} ${rejected.length === 1 ? 'rejects' : 'reject'}`;
}

/** A handshake result an official SDK client refuses: its users cannot connect at all (S21). */
export function checkSdkHandshake(kind: 'initialize' | 'discover', era: 'modern' | 'legacy', result: unknown, stepId: string, findings: Finding[]): void {
  const rejected = sdkRejections(kind, era, result);
  if (!rejected.length) return;
  const of = SDK_CLIENTS.filter((c) => c.eras.includes(era) && c.handshake[kind]).length;
  const what = kind === 'initialize' ? 'the initialize result' : 'the server/discover result';
  findings.push(finding('S21', `${whoRejects(rejected, of)} ${what}: ${quote(rejected[0]!.reason)}; its users cannot connect.`, { stepId, evidence: rejected[0]!.reason }));
}
