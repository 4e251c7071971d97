// The engine's one entry point. The page's server action, the JSON route and the CLI all call
// runCheck and get the same report.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Finding, Report, Step, Verdict } from './report/schema';
import { REPORT_SCHEMA_VERSION, Tool as ToolSchema } from './report/schema';
import { createOutbound, type OutboundHandle, type OutboundOptions } from './net/outbound';
import { CLOSED_POLICY } from './net/policy';
import type { CheckContext, Exchange } from './mcp/exchange';
import { DEFAULT_LIMITS } from './mcp/read';
import { classifyDiscover } from './mcp/era';
import { finding } from './mcp/findings';
import { checkModernErrorCode, describeBody, interpret, needsAuth, settle } from './mcp/interpret';
import { headerValue } from './net/headers';
import { mediaType } from './mcp/sse';
import { checkDuplicates } from './mcp/listing';
import { isNamed, reviewTool } from './mcp/tool-review';
import { readDiscover, sendDiscover, sendModernList, summarize } from './mcp/modern';
import { deleteSession, readInitialize, sendInitialize } from './mcp/legacy';
import { probeHttpSse } from './mcp/httpsse';
import { runLegacyPath, runModernPath, type Draft, type PathResult } from './mcp/paths';
import { judgeCors, sendCorsPreflight } from './mcp/probes';
import { whoCanConnect } from './mcp/compat';
import { MODERN_VERSION, MODERN_VERSIONS, LATEST_LEGACY_VERSION, LEGACY_VERSIONS, HTTP_SSE_VERSION } from './mcp/protocol';
import { decideVerdict } from './mcp/verdict';
import { quote, typedValues } from './report/redact';
import { maskReport, typedValueMaskers } from './report/redact-report';
import { summarizeReport } from './report/summary';
import { toolsFingerprint } from './report/fingerprint';
import { discoverAuth } from './auth/discovery';
import { authGet, labelAuthSteps, refusedListing } from './mcp/auth-get';
import { rejectionOf } from './auth/rejection';
import { conformanceTable, finishProbes, startProbes } from './mcp/conformance';
import { createStepFeed } from './mcp/step-feed';

export interface CheckInput {
  url: string;
  headers?: Record<string, string>;
  /** Send the conformance probes (lib/mcp/conformance) beside the check; default true. */
  probes?: boolean;
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
  /**
   * Called once with each step, masked as in the report, once its exchange has ended and the engine
   * has labelled it (lib/mcp/step-feed.ts): live progress for the page's stream and the CLI. The
   * report may still add to a side probe's row (CORS, priming) after the verdict.
   */
  onStep?: (step: Step) => void;
  /**
   * Called once, as soon as the verdict is known: after the listings, before the session's DELETE,
   * the side probes and the CORS judgement finish. The report's verdict is the same.
   */
  onVerdict?: (known: KnownVerdict) => void;
  /**
   * The door's cancel (a closed page, Cancel, a closed stream). Every request in flight is aborted
   * and nothing more is sent (no DELETE either); runCheck then rejects with CheckCancelled.
   */
  signal?: AbortSignal;
}

export interface KnownVerdict {
  verdict: Verdict;
  era: Report['era'];
  toolCount: number;
  /** Since the check started. */
  afterMs: number;
}

/** runCheck's rejection when the door's signal aborted it: there is no report, and no verdict. */
export class CheckCancelled extends Error {
  constructor() {
    super('The check was cancelled.');
    this.name = 'CheckCancelled';
  }
}

/** Every revision this checker speaks, newest first (HTTP+SSE only as 2024-11-05). */
const SPOKEN: ReadonlySet<string> = new Set([...MODERN_VERSIONS, ...LEGACY_VERSIONS]);

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

export async function runCheck(input: CheckInput, deps: CheckDeps = {}): Promise<Report> {
  const checkedAt = (deps.now ?? (() => new Date()))();
  const userHeaders = input.headers ?? {};
  // Answers are interpreted raw; the finished report's copies of them are masked (redact-report.ts).
  const maskers = typedValueMaskers(typedValues(input.url, userHeaders));
  const handle = (deps.outbound ?? createOutbound)(deps.outboundOptions ?? { policy: CLOSED_POLICY });
  const cancel = deps.signal;
  if (cancel?.aborted) throw new CheckCancelled();
  const controller = new AbortController();
  // Every step in flight listens on this signal (exchange.ts): probes and listings run side by side,
  // past Node's default warning threshold of 10, and the warning would land on the CLI's stderr.
  setMaxListeners(100, controller.signal);
  const deadline = setTimeout(() => controller.abort(new Error('check deadline')), deps.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  const onCancel = () => controller.abort(new CheckCancelled());
  cancel?.addEventListener('abort', onCancel, { once: true });
  const steps: Step[] = [];
  const emitStep = deps.onStep;
  const feed = emitStep ? createStepFeed((step) => emitStep(maskReport(step, maskers)), () => !cancel?.aborted) : undefined;
  const ctx: CheckContext = {
    outbound: handle.fetch,
    t0: performance.now(),
    signal: controller.signal,
    stepTimeoutMs: deps.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
    limits: DEFAULT_LIMITS,
    userHeaders,
    steps,
    ...(feed ? { onStep: feed.finished } : {}),
  };
  // The era probes and the CORS preflight are labelled only once the era is known: held until then.
  const eraCtx: CheckContext = feed ? { ...ctx, onStep: feed.hold } : ctx;
  const findings: Finding[] = [];
  const url = input.url;
  const draft: Draft = {
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
  let unspeakable = false;
  let modernOk = false;
  let legacyVersion: string | undefined;
  let oldest: PathResult['oldest'];
  let corsEra: 'modern' | 'legacy' | undefined;
  let probes: ReturnType<typeof startProbes> | undefined;
  const probesOn = input.probes !== false;
  const currentVerdict = () =>
    decideVerdict({ authRequired, handshake, toolsListed, toolCount: draft.tools.length, toolsRejected: findings.some((f) => f.id === 'S14' || f.id === 'S21'), deprecatedTransportOnly: deprecatedOnly, noCommonVersion: unspeakable });
  // Follow a challenge to the resource and authorization server metadata (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-discovery).
  const followChallenge = async (status: 401 | 403, headers: ReadonlyArray<readonly [string, string]>) => {
    const auth = await discoverAuth({ mcpUrl: url, status, wwwAuthenticate: headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v) }, { get: authGet(ctx) });
    findings.push(...auth.findings);
    labelAuthSteps(steps, auth.trail);
    const rejected = rejectionOf(auth, Object.keys(userHeaders).some((k) => k.toLowerCase() === 'authorization'));
    draft.auth = { ...auth, findings: [], ...(rejected ? { rejected } : {}) };
  };
  // Step-up: the handshake got in, the tool listing was refused for want of (another) token. The
  // verdict is AUTH and the listing's challenge is followed like a first request's.
  let stepUp: Step | undefined;
  const checkStepUp = () => {
    if (authRequired || toolsListed !== false) return;
    stepUp = refusedListing(steps);
    if (stepUp) authRequired = true;
  };
  let announced = false;
  const announce = () => {
    if (announced || !deps.onVerdict || cancel?.aborted) return;
    announced = true;
    feed?.flush();
    deps.onVerdict({ verdict: currentVerdict(), era: draft.era, toolCount: draft.tools.length, afterMs: Math.round(performance.now() - ctx.t0) });
  };

  try {
    // Era detection, side by side (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#backward-compatibility): the modern probe, page one of a modern tool listing
    // (stateless, so it needs nothing from discover), the legacy initialize and the CORS preflight.
    // Whichever era the server speaks, its answer is already on the way; nothing waits for a
    // failure to move on.
    const discoverP = sendDiscover(eraCtx, url);
    const modernToolsP = sendModernList(eraCtx, url, 'tools', undefined, 1);
    const initP = sendInitialize(eraCtx, url);
    const corsP = sendCorsPreflight(eraCtx, url);
    const [discover, init] = await Promise.all([discoverP, initP]);
    const era = classifyDiscover(summarize(discover));
    const initAuth = init.status === 401 || (init.status === 403 && needsAuth(init));
    const legacy = initAuth ? undefined : readInitialize(init, findings);
    legacyVersion = legacy?.protocolVersion;

    if (era.kind === 'auth' || initAuth) {
      authRequired = true;
      const first = era.kind === 'auth' ? discover : init;
      settle(first, interpret(first, findings), '');
      first.step.status = 'warn'; // expected of a protected server: not a failure
      const modernTools = await modernToolsP;
      for (const x of [discover, init, modernTools]) if (x !== first) markProbe(x, 'not used: the server needs credentials');
      feed?.release(discover.step, init.step, modernTools.step);
      announce();
      await followChallenge(first.status === 403 ? 403 : 401, first.headers);
    } else if (era.kind === 'modern-error' && era.code === -32022 && !legacy && era.supported?.length && !era.supported.some((v) => SPOKEN.has(v))) {
      // A valid MCP answer: the server is up and speaking MCP, only in revisions this checker (and
      // so today's clients) cannot speak. Not DOWN: say so plainly (2026-07-28 basic/versioning).
      draft.era = 'modern';
      draft.supportedVersions = era.supported;
      unspeakable = true;
      settle(discover, interpret(discover, findings), '');
      discover.step.status = 'warn';
      discover.step.notes = `-32022: the server speaks only ${era.supported.map((v) => quote(v)).join(', ')}`;
      findings.push(finding('M15', `This server only speaks ${era.supported.map((v) => quote(v)).join(', ')}; this checker speaks ${[...SPOKEN].join(', ')}. Clients of the revisions this checker speaks cannot connect.`, { stepId: discover.step.id }));
      markProbe(await modernToolsP, 'not used: no common protocol version');
      markProbe(init, `initialize not accepted: clients of revisions up to ${LATEST_LEGACY_VERSION} cannot connect`);
    } else if (era.kind === 'modern' || (era.kind === 'modern-error' && !legacy) || (era.kind === 'ambiguous' && !legacy)) {
      draft.era = 'modern';
      corsEra = 'modern';
      draft.protocolVersion = MODERN_VERSION;
      // The modern path never uses the session the era probe opened: end it now, beside the
      // listings, rather than one round trip after them.
      const endProbeSession = legacy?.sessionId ? deleteSession(ctx, url, legacy, findings) : undefined;
      if (era.kind === 'ambiguous') {
        findings.push(finding('M4', 'server/discover is answered "method not found", but every 2026-07-28 server must implement it.', { stepId: discover.step.id }));
      }
      const facts = era.kind === 'modern' ? readDiscover(discover, findings) : undefined;
      settle(discover, interpret(discover, findings), facts ? `${facts.serverInfo ? `${quote(`${facts.serverInfo.name} ${facts.serverInfo.version}`)}, ` : ''}versions ${facts.supportedVersions.join(', ') || 'none listed'}` : '');
      if (legacy) init.step.notes = `Legacy clients can connect too: ${init.step.notes}`;
      else markProbe(init, `initialize not accepted: clients of revisions up to ${LATEST_LEGACY_VERSION} cannot connect`);
      feed?.release(discover.step, init.step);
      handshake = modernOk = !!facts;
      if (facts) {
        draft.supportedVersions = facts.supportedVersions.length ? facts.supportedVersions : [MODERN_VERSION];
        draft.capabilities = facts.capabilities;
        if (facts.instructions) draft.instructions = facts.instructions;
        if (facts.serverInfo) draft.serverInfo = facts.serverInfo;
        if (probesOn) probes = startProbes(ctx, url, findings, { era: 'modern', modernOnly: !legacy });
        ({ toolsListed } = await runModernPath(ctx, url, facts.capabilities, modernToolsP, findings, draft));
      } else {
        markProbe(await modernToolsP, 'not used: server/discover failed');
      }
      feed?.release((await modernToolsP).step);
      // What legacy clients get from this server ("who can connect").
      if (legacy) {
        draft.supportedVersions = [...new Set([...draft.supportedVersions, legacy.protocolVersion])];
        announce();
        await endProbeSession;
      } else {
        // init is not read again: markProbe (above) only relabelled its step.
        checkLegacyRejection(init, findings);
      }
    } else if (legacy) {
      // Includes -32022 without 2026-07-28 in data.supported: a server of legacy revisions only.
      handshake = true;
      corsEra = 'legacy';
      markProbe(
        discover,
        era.kind === 'modern-error' && era.code === -32022 && era.supported?.length
          ? // The client's retry after -32022 (2026-07-28 basic/versioning: choose a mutually supported version from data.supported and retry) is the initialize below.
            `-32022: the server speaks ${era.supported.map((v) => quote(v)).join(', ')} (data.supported), so a client retries with initialize, as this check did`
          : `Not a ${MODERN_VERSION} server${discover.status !== undefined ? ` (HTTP ${discover.status})` : ''}: using initialize`,
      );
      const modernTools = await modernToolsP;
      markProbe(modernTools, 'modern probe; not used');
      feed?.release(discover.step, init.step, modernTools.step);
      if (probesOn) probes = startProbes(ctx, url, findings, { era: 'legacy', facts: legacy });
      ({ toolsListed, oldest } = await runLegacyPath(ctx, url, legacy, findings, draft, (listed) => {
        // Known before the session's DELETE: announce it now (issue 20, time to verdict).
        toolsListed = listed;
        checkStepUp();
        announce();
      }));
    } else {
      // Neither era answered. A 400/404/405 to the initialize POST may mean the deprecated
      // HTTP+SSE transport (2025-11-25 transports §Backwards Compatibility).
      markProbe(await modernToolsP, 'modern probe; not used');
      if (discover.status !== undefined && init.status !== undefined && [400, 404, 405].includes(init.status)) {
        const sse = await probeHttpSse(ctx, url, findings);
        if (sse.detected) {
          draft.era = 'http+sse';
          handshake = sse.handshake;
          deprecatedOnly = true;
          if (sse.protocolVersion) {
            draft.protocolVersion = sse.protocolVersion;
            draft.supportedVersions = [sse.protocolVersion];
            if (sse.protocolVersion > HTTP_SSE_VERSION) {
              findings.push(finding('T23', `The server negotiated ${quote(sse.protocolVersion)} over HTTP+SSE, but from 2025-03-26 that revision's transport is Streamable HTTP: the spec's guidance is to serve the new MCP endpoint beside the old SSE and POST endpoints. If it lives at another path, check that URL.`, { stepId: 'initialize (HTTP+SSE)' }));
            }
          }
          // The Streamable HTTP rows are what led here: say so, without the "wrong path" advice the
          // bare 404 would get (the path is right; the transport is the old one).
          markProbe(discover, `Not a ${MODERN_VERSION} answer (HTTP ${discover.status})`);
          markProbe(init, `Streamable HTTP not served here (HTTP ${init.status}${init.read?.body ? describeBody(init.read.body, mediaType(headerValue(init.headers, 'content-type'))) : ''}): the server speaks the deprecated HTTP+SSE transport, checked below`, 'warn');
          if (sse.serverInfo) draft.serverInfo = sse.serverInfo;
          if (sse.capabilities) draft.capabilities = sse.capabilities;
          if (sse.tools) {
            toolsListed = true;
            draft.tools = sse.tools.flatMap((t) => {
              if (isNamed(t)) reviewTool(t, 'tools/list (HTTP+SSE)', findings);
              const parsed = ToolSchema.safeParse(t);
              return parsed.success ? [parsed.data] : [];
            });
            // Streamable HTTP listings check duplicates page by page (listTools); this one is not paged.
            checkDuplicates(draft.tools, findings, () => 'tools/list (HTTP+SSE)');
          }
        }
      }
      if (!handshake) {
        // The decisive failure is the legacy one when the modern probe got an HTTP answer at all.
        if (discover.status === undefined) settle(discover, interpret(discover, findings), '');
        else markProbe(discover, `Not a ${MODERN_VERSION} answer (HTTP ${discover.status})`);
      }
    }
    checkStepUp();
    if (stepUp?.response) await followChallenge(stepUp.response.status === 403 ? 403 : 401, stepUp.response.headers);
    // Labelled in every branch by now (the branches above that go on talking released them earlier).
    feed?.release(discover.step, init.step, (await modernToolsP).step);
    announce();
    if (probes) {
      await probes.done;
      finishProbes(probes.run, steps, draft.protocolVersion);
    }
    judgeCors(await corsP, corsEra, findings, authRequired || Object.keys(userHeaders).some((k) => k.toLowerCase() === 'authorization'));
  } catch (err) {
    // Programmer error: keep the report, say what happened.
    findings.push({ id: 'INTERNAL', severity: 'error', message: `The checker failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    clearTimeout(deadline);
    cancel?.removeEventListener('abort', onCancel);
    await handle.close();
  }
  if (cancel?.aborted) throw new CheckCancelled();

  if (handshake) draft.compat = whoCanConnect({ era: draft.era, modern: modernOk, ...(legacyVersion ? { legacyVersion } : {}), ...(oldest ? { oldest } : {}), findings });
  const verdict = currentVerdict();
  announce();
  const partial = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    url,
    checkedAt: checkedAt.toISOString(),
    durationMs: Math.round(performance.now() - ctx.t0),
    verdict,
    ...draft,
    ...(toolsListed ? { toolsFingerprint: toolsFingerprint(draft.tools) } : {}),
    steps: [...steps].sort((a, b) => a.startMs - b.startMs),
  } satisfies Omit<Report, 'summary'>;
  feed?.drain(partial.steps);
  const conformance = conformanceTable(partial, probes?.run);
  const report: Report = { ...partial, summary: summarizeReport(partial), ...(conformance ? { conformance } : {}), ...(probesOn ? {} : { probes: false }) };
  // Not parsed with the report schema here: the engine builds the report from typed parts, and a
  // full zod parse of it was ~5 % of a check's CPU (docs/benchmarks.md, part 2). Reports are
  // validated where they come back in (a shared report, a signed one, the CLI's diff).
  return maskReport(report, maskers);
}

function markProbe(x: Exchange, note: string, status: Step['status'] = 'info') {
  x.step.status = status;
  x.step.notes = note;
  delete x.step.error;
}

/** A modern-only server should say which versions it speaks when it rejects initialize (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions). */
function checkLegacyRejection(init: Exchange, findings: Finding[]) {
  if (init.status === undefined) return;
  const rpc = init.match?.kind === 'error' ? init.match.error : init.read?.mismatch?.kind === 'error' ? init.read.mismatch.error : undefined;
  // The server is modern, so its answer to initialize obeys the modern error-code rules too.
  checkModernErrorCode(rpc, init.step.id, findings);
  const supported = (rpc?.data as { supported?: unknown } | undefined)?.supported;
  if (!Array.isArray(supported)) {
    findings.push(finding('L6', 'initialize is rejected without naming the supported versions (data.supported): older clients cannot tell why they fail.', { stepId: init.step.id }));
  }
}
