// What happens once the era is known: list everything the server advertises, run the side probes,
// and end any session (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle).
import type { Finding, Report, Tool } from '../report/schema';
import type { CheckContext, Exchange } from './exchange';
import { deleteSession, sendInitialized, sendLegacyList, sendPing, type LegacyFacts } from './legacy';
import { LIST_CAPABILITY, LIST_METHOD, listPaged, listTools, readListed, type ListKind, type Listed } from './listing';
import { checkModernPages, sendModernList } from './modern';
import { getStreamProbe, olderClientProbe } from './probes';
import { MODERN_VERSION } from './protocol';
import { finding } from './findings';
import { checkAppLinks } from './apps';

/** The parts of a report the paths fill in. */
export type Draft = Omit<Report, 'verdict' | 'summary' | 'durationMs' | 'schemaVersion' | 'checkedAt' | 'url'>;

export interface PathResult {
  toolsListed?: boolean;
  oldest?: { accepted: boolean; answered?: string };
}

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

/** `listed` hears the tool listing's outcome as soon as it is known, before ping, the probes and the DELETE end. */
export async function runLegacyPath(
  ctx: CheckContext,
  url: string,
  legacy: LegacyFacts,
  findings: Finding[],
  draft: Draft,
  listed?: (toolsListed: boolean | undefined) => void,
): Promise<PathResult> {
  adoptLegacy(draft, legacy);
  draft.session = { issued: !!legacy.sessionId, ...(legacy.sessionId ? { id: legacy.sessionId } : {}), ended: 'not-attempted' };
  const result: PathResult = {};
  // The older-client probe is a handshake of its own: it needs neither this session nor the
  // initialized notification, so it goes out beside the notification. Its DELETE then overlaps ping
  // and the listings instead of adding a round trip after them (docs/benchmarks.md).
  const oldest =
    legacy.protocolVersion !== '2025-03-26'
      ? olderClientProbe(ctx, url, '2025-03-26').then((o) => {
          result.oldest = o;
        })
      : undefined;
  await sendInitialized(ctx, url, legacy, findings);
  // After initialized: ping, the listings and the side probes all go at once.
  const probes: Promise<unknown>[] = [sendPing(ctx, url, legacy, findings), getStreamProbe(ctx, url, legacy, findings)];
  if (oldest) probes.push(oldest);
  const [toolsListed] = await Promise.all([
    listEverything(legacy.capabilities, legacy.protocolVersion, (kind, cursor, page) => sendLegacyList(ctx, url, legacy, kind, cursor, page), undefined, draft, findings).then((t) => {
      listed?.(t);
      return t;
    }),
    ...probes,
  ]);
  result.toolsListed = toolsListed;
  if (result.oldest?.accepted) draft.supportedVersions = [...new Set([...draft.supportedVersions, '2025-03-26'])];
  // The one round trip past the 3×D floor: the session can only be ended after its last
  // request has been answered, and the answer is reported (T13, session.ended). See
  // docs/benchmarks.md, "The DELETE".
  if (legacy.sessionId) draft.session.ended = await deleteSession(ctx, url, legacy, findings);
  return result;
}

export async function runModernPath(
  ctx: CheckContext,
  url: string,
  capabilities: Record<string, unknown>,
  firstTools: Promise<Exchange>,
  findings: Finding[],
  draft: Draft,
): Promise<PathResult> {
  if (!capabilities.tools) {
    const x = await firstTools;
    x.step.status = 'skipped';
    x.step.notes = 'sent early beside server/discover; not used: the server does not advertise tools';
    delete x.step.error;
    const listed = x.match?.kind === 'result' && Array.isArray((x.match.result as { tools?: unknown } | null)?.tools);
    if (listed) {
      // Allowed but worth knowing: clients that follow capabilities never see these tools (2025-11-25 lifecycle
      // §Capability Negotiation, https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#capability-negotiation).
      findings.push(finding('L5', 'tools/list works although the "tools" capability is not advertised: clients that follow capabilities never list these tools.', { stepId: x.step.id, severity: 'info' }));
    }
  }
  const toolsListed = await listEverything(capabilities, MODERN_VERSION, (kind, cursor, page) => sendModernList(ctx, url, kind, cursor, page), firstTools, draft, findings, (method, results) =>
    checkModernPages(method, results, findings),
  );
  return { toolsListed };
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
