// What every path shares once the era is known, over HTTP (lib/mcp/runners) and stdio
// (lib/stdio-check.ts): the report draft, listing everything the server advertises, and what an
// initialize answer tells (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle).
import type { Finding, Report, Tool } from '../report/schema';
import type { Exchange } from './exchange';
import type { LegacyFacts } from './legacy';
import { LIST_CAPABILITY, LIST_METHOD, listPaged, listTools, readListed, type ListKind, type Listed } from './listing';
import { finding } from './findings';
import { checkAppLinks } from './apps';

/** The parts of a report the paths fill in. */
export type Draft = Omit<Report, 'verdict' | 'summary' | 'durationMs' | 'schemaVersion' | 'checkedAt' | 'url'>;

const OTHER_KINDS = ['resources', 'resourceTemplates', 'prompts'] as const;

/**
 * List tools (and resources, templates, prompts) for the capabilities the server advertised; a list
 * method for an unadvertised capability is never called (2025-06-18+ "use only negotiated
 * capabilities" is a MUST).
 */
export async function listEverything(
  capabilities: Record<string, unknown>,
  revision: string,
  send: (kind: ListKind, cursor: string | undefined, page: number) => Promise<Exchange>,
  firstTools: Promise<Exchange> | undefined,
  draft: Draft,
  findings: Finding[],
  afterPages?: (method: string, results: Array<{ stepId: string; result: Record<string, unknown> }>) => void,
): Promise<boolean | undefined> {
  let toolsListed: boolean | undefined = false;
  let toolsStep: string | undefined;
  const tasks: Promise<unknown>[] = [];
  // An advertised capability whose list method does not exist (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#capabilities).
  const checkAdvertised = (kind: ListKind, l: { error?: { rpcError?: { code: number } }; errorStepId?: string }) => {
    // resources/templates/list is left out: servers with resources but no templates often omit it.
    if (l.error?.rpcError?.code !== -32601 || kind === 'resourceTemplates') return;
    findings.push(
      finding('L5', `The server advertises the "${LIST_CAPABILITY[kind]}" capability, but ${LIST_METHOD[kind]} answers -32601 (method not found).`, {
        ...(l.errorStepId ? { stepId: l.errorStepId } : {}),
      }),
    );
  };
  if (capabilities.tools) {
    tasks.push(
      listTools(firstTools ?? send('tools', undefined, 1), (cursor, page) => send('tools', cursor, page), findings, revision).then((l) => {
        toolsListed = l.ok;
        toolsStep = l.results[0]?.stepId;
        draft.tools = l.items as Tool[];
        checkAdvertised('tools', l);
        afterPages?.(LIST_METHOD.tools, l.results);
      }),
    );
  }
  for (const kind of OTHER_KINDS) {
    if (!capabilities[LIST_CAPABILITY[kind]]) continue;
    tasks.push(
      listPaged<Listed>(kind, send(kind, undefined, 1), (cursor, page) => send(kind, cursor, page), findings, readListed(kind, findings, revision)).then((l) => {
        draft[kind] = l.items;
        checkAdvertised(kind, l);
        afterPages?.(LIST_METHOD[kind], l.results);
        // A listing that fails does not change the verdict: it is reported on its step.
      }),
    );
  }
  await Promise.all(tasks);
  // MCP Apps links, judged against resources/list (unless that listing failed: then nothing is known).
  if (toolsListed && (!capabilities.resources || draft.resources)) checkAppLinks(draft.tools, capabilities.resources ? draft.resources : undefined, toolsStep, findings);
  return toolsListed;
}

/** What an initialize answer tells the report about the server, on any transport. */
export function adoptLegacy(draft: Draft, legacy: LegacyFacts): void {
  draft.era = 'legacy';
  draft.protocolVersion = legacy.protocolVersion;
  draft.supportedVersions = [legacy.protocolVersion];
  draft.capabilities = legacy.capabilities;
  if (legacy.instructions) draft.instructions = legacy.instructions;
  if (legacy.serverInfo) draft.serverInfo = legacy.serverInfo;
}
