// The engine's one entry point. The page's server action, the JSON route and the CLI all call
// runCheck and get the same report.
import { performance } from 'node:perf_hooks';
import type { Finding, Report, Step, Tool } from './report/schema';
import { Report as ReportSchema, REPORT_SCHEMA_VERSION } from './report/schema';
import { createOutbound, type OutboundHandle, type OutboundOptions } from './net/outbound';
import { CLOSED_POLICY } from './net/policy';
import type { CheckContext, Exchange } from './mcp/exchange';
import { DEFAULT_LIMITS } from './mcp/read';
import { classifyDiscover } from './mcp/era';
import { finding } from './mcp/findings';
import { interpret, settle } from './mcp/interpret';
import { checkDuplicates, listTools } from './mcp/listing';
import { checkModernPages, readDiscover, sendDiscover, sendModernToolsList, summarize } from './mcp/modern';
import { deleteSession, readInitialize, sendInitialize, sendInitialized, sendLegacyToolsList, sendPing, type LegacyFacts } from './mcp/legacy';
import { probeHttpSse } from './mcp/httpsse';
import { MODERN_VERSION, LATEST_LEGACY_VERSION } from './mcp/protocol';
import { decideVerdict } from './mcp/verdict';
import { makeRedactor } from './report/redact';
import { summarizeReport } from './report/summary';

export interface CheckInput {
  url: string;
  headers?: Record<string, string>;
}

export interface CheckDeps {
  /** Make the outbound handle for one check (lib/net); injectable for tests. */
  outbound?: (options: OutboundOptions) => OutboundHandle;
  /** The address policy and resolver. Without them the policy is closed (public addresses only); lib/deps.ts builds the app's from the environment. */
  outboundOptions?: OutboundOptions;
  now?: () => Date;
  /** Per-request budget (headers and body). */
  stepTimeoutMs?: number;
  /** The whole check never takes longer than this. */
  checkTimeoutMs?: number;
  /** Called with each step as it settles, for live progress (CLI). */
  onStep?: (step: Step) => void;
  /** Authorization discovery for 401s (lib/auth); the report's auth section. */
  discoverAuth?: (input: AuthInput, ctx: CheckContext) => Promise<unknown>;
}

export interface AuthInput {
  mcpUrl: string;
  status: 401 | 403;
  wwwAuthenticate: string[];
  protocolVersion?: string;
}

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

export async function runCheck(input: CheckInput, deps: CheckDeps = {}): Promise<Report> {
  const checkedAt = (deps.now ?? (() => new Date()))();
  const userHeaders = input.headers ?? {};
  const redact = makeRedactor(Object.values(userHeaders));
  const handle = (deps.outbound ?? createOutbound)(deps.outboundOptions ?? { policy: CLOSED_POLICY });
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(new Error('check deadline')), deps.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  const steps: Step[] = [];
  const ctx: CheckContext = {
    outbound: handle.fetch,
    t0: performance.now(),
    signal: controller.signal,
    stepTimeoutMs: deps.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
    limits: DEFAULT_LIMITS,
    userHeaders,
    redact,
    steps,
  };
  const findings: Finding[] = [];
  const url = input.url;
  const draft: Omit<Report, 'verdict' | 'summary' | 'durationMs' | 'schemaVersion' | 'checkedAt' | 'url'> = {
    era: 'unknown',
    supportedVersions: [],
    steps,
    tools: [],
    findings,
  };
  let authRequired = false;
  let handshake = false;
  let toolsListed: boolean | undefined;
  let deprecatedOnly = false;

  try {
    // Era detection, side by side (brief §2.7): the modern probe, page one of a modern tool listing
    // (stateless, so it needs nothing from discover), and the legacy initialize. Whichever era the
    // server speaks, its answer is already on the way; nothing waits for a failure to move on.
    const discoverP = sendDiscover(ctx, url);
    const modernToolsP = sendModernToolsList(ctx, url, undefined, 1);
    const initP = sendInitialize(ctx, url);
    const [discover, init] = await Promise.all([discoverP, initP]);
    const era = classifyDiscover(summarize(discover));
    const legacy = init.status === 401 || (init.status === 403 && era.kind === 'auth') ? undefined : readInitialize(init, findings);

    if (era.kind === 'auth' || init.status === 401) {
      authRequired = true;
      const first = era.kind === 'auth' ? discover : init;
      settle(first, interpret(first, findings), '');
      for (const x of [discover, init, await modernToolsP]) if (x !== first && x.step.status !== 'ok') x.step.status = 'info';
      if (deps.discoverAuth) {
        draft.auth = await deps.discoverAuth(
          {
            mcpUrl: url,
            status: first.status === 403 ? 403 : 401,
            wwwAuthenticate: first.headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v),
          },
          ctx,
        );
      }
    } else if (era.kind === 'modern' || era.kind === 'modern-error' || (era.kind === 'ambiguous' && !legacy)) {
      const useModern = era.kind === 'modern' || (era.kind === 'modern-error' && !(era.code === -32022 && legacy));
      if (!useModern && legacy) {
        // -32022 without 2026-07-28 in data.supported: a server that speaks only legacy revisions.
        handshake = true;
        await runLegacy(ctx, url, legacy, findings, draft, (ok) => (toolsListed = ok));
        markProbe(discover, `Does not speak ${MODERN_VERSION} (-32022); supported: ${era.kind === 'modern-error' ? (era.supported ?? []).join(', ') : ''}`);
        markProbe(await modernToolsP, 'modern probe; not used');
      } else {
        draft.era = 'modern';
        draft.protocolVersion = MODERN_VERSION;
        if (era.kind === 'ambiguous') {
          findings.push(finding('M4', 'server/discover is answered "method not found", but every 2026-07-28 server must implement it.', { stepId: discover.step.id }));
        }
        const facts = era.kind === 'modern' ? readDiscover(discover, findings) : undefined;
        settle(discover, interpret(discover, findings), facts ? `${facts.serverInfo ? `${facts.serverInfo.name} ${facts.serverInfo.version}, ` : ''}versions ${facts.supportedVersions.join(', ') || 'none listed'}` : '');
        handshake = !!facts;
        if (facts) {
          draft.supportedVersions = facts.supportedVersions;
          draft.capabilities = facts.capabilities;
          if (facts.instructions) draft.instructions = facts.instructions;
          if (facts.serverInfo) draft.serverInfo = facts.serverInfo;
          if (facts.capabilities.tools) {
            const listing = await listTools(modernToolsP, (cursor, page) => sendModernToolsList(ctx, url, cursor, page), findings);
            toolsListed = listing.ok;
            draft.tools = listing.tools;
            checkModernPages(listing.results, findings);
          } else {
            markProbe(await modernToolsP, 'sent early beside server/discover; not used: the server does not advertise tools', 'skipped');
            toolsListed = false;
          }
        } else {
          markProbe(await modernToolsP, 'not used: server/discover failed');
        }
        // What legacy clients get from this server ("who can connect").
        if (legacy) {
          draft.supportedVersions = unique([...draft.supportedVersions, legacy.protocolVersion]);
          if (legacy.sessionId) await deleteSession(ctx, url, legacy, findings);
          init.step.notes = `Legacy clients can connect too (${legacy.protocolVersion}). ${init.step.notes}`;
        } else {
          markProbe(init, `initialize not accepted: legacy clients (up to ${LATEST_LEGACY_VERSION}) cannot connect`);
        }
      }
    } else if (legacy) {
      handshake = true;
      markProbe(discover, `Not a ${MODERN_VERSION} server${discover.status !== undefined ? ` (HTTP ${discover.status})` : ''}: using initialize`);
      markProbe(await modernToolsP, 'modern probe; not used');
      await runLegacy(ctx, url, legacy, findings, draft, (ok) => (toolsListed = ok));
    } else {
      // Neither era answered. A 400/404/405 to the initialize POST may mean the deprecated
      // HTTP+SSE transport (2025-11-25 transports §Backwards Compatibility).
      const x = init;
      markProbe(await modernToolsP, 'modern probe; not used');
      if (discover.status !== undefined && x.status !== undefined && [400, 404, 405].includes(x.status)) {
        const sse = await probeHttpSse(ctx, url, findings);
        if (sse.detected) {
          draft.era = 'http+sse';
          handshake = sse.handshake;
          deprecatedOnly = true;
          if (sse.protocolVersion) draft.protocolVersion = sse.protocolVersion;
          if (sse.protocolVersion) draft.supportedVersions = [sse.protocolVersion];
          if (sse.serverInfo) draft.serverInfo = sse.serverInfo;
          if (sse.capabilities) draft.capabilities = sse.capabilities;
          if (sse.tools) {
            toolsListed = true;
            draft.tools = sse.tools.flatMap((t) => (typeof t === 'object' && t && typeof (t as Tool).name === 'string' ? [t as Tool] : []));
          }
        }
      }
      if (!handshake) {
        // The decisive failure is the legacy one when the modern probe got an HTTP answer at all.
        if (discover.status === undefined) settle(discover, interpret(discover, findings), '');
        else markProbe(discover, `Not a ${MODERN_VERSION} answer (HTTP ${discover.status})`);
      }
    }
  } catch (err) {
    // Programmer error: keep the report, say what happened.
    findings.push({ id: 'INTERNAL', severity: 'error', message: `The checker failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    clearTimeout(deadline);
    await handle.close();
  }

  checkDuplicates(draft.tools, findings);
  const verdict = decideVerdict({ authRequired, handshake, toolsListed, toolCount: draft.tools.length, deprecatedTransportOnly: deprecatedOnly });
  const partial = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    url,
    checkedAt: checkedAt.toISOString(),
    durationMs: Math.round(performance.now() - ctx.t0),
    verdict,
    ...draft,
    steps: [...steps].sort((a, b) => a.startMs - b.startMs),
  } satisfies Omit<Report, 'summary'>;
  const report: Report = { ...partial, summary: summarizeReport(partial) };
  // Belt and braces: nothing the person typed survives anywhere in the report.
  return ReportSchema.parse(JSON.parse(redact(JSON.stringify(report))));
}

async function runLegacy(
  ctx: CheckContext,
  url: string,
  legacy: LegacyFacts,
  findings: Finding[],
  draft: { era: Report['era']; protocolVersion?: string; supportedVersions: string[]; capabilities?: Record<string, unknown>; instructions?: string; serverInfo?: Report['serverInfo']; session?: Report['session']; tools: Tool[] },
  setToolsListed: (ok: boolean) => void,
): Promise<void> {
  draft.era = 'legacy';
  draft.protocolVersion = legacy.protocolVersion;
  draft.supportedVersions = [legacy.protocolVersion];
  draft.capabilities = legacy.capabilities;
  if (legacy.instructions) draft.instructions = legacy.instructions;
  if (legacy.serverInfo) draft.serverInfo = legacy.serverInfo;
  draft.session = { issued: !!legacy.sessionId, ...(legacy.sessionId ? { id: legacy.sessionId } : {}), ended: 'not-attempted' };
  await sendInitialized(ctx, url, legacy, findings);
  const tasks: Promise<unknown>[] = [sendPing(ctx, url, legacy, findings)];
  if (legacy.capabilities.tools) {
    tasks.push(
      listTools(sendLegacyToolsList(ctx, url, legacy, undefined, 1), (cursor, page) => sendLegacyToolsList(ctx, url, legacy, cursor, page), findings).then((l) => {
        setToolsListed(l.ok);
        draft.tools = l.tools;
      }),
    );
  } else {
    setToolsListed(false);
  }
  await Promise.all(tasks);
  if (legacy.sessionId) draft.session.ended = await deleteSession(ctx, url, legacy, findings);
}

function markProbe(x: Exchange, note: string, status: Step['status'] = 'info') {
  x.step.status = status;
  x.step.notes = note;
  delete x.step.error;
}

function unique(a: string[]): string[] {
  return [...new Set(a)];
}
