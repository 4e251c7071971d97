// The check of a local server over stdio (CLI only: `mcp-health check --stdio -- <command>`). The
// same era paths, findings, verdict and report as runCheck; only the transport differs (the
// `transport` seam of lib/mcp/exchange.ts, lib/mcp/stdio.ts). The process is started by the
// `launch` the caller hands in: lib/ never starts processes, and the web app has no launch to give.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Finding, Report, Step, StdioLaunch } from './report/schema';
import { Report as ReportSchema, REPORT_SCHEMA_VERSION } from './report/schema';
import { exchange, type CheckContext, type Exchange } from './mcp/exchange';
import { DEFAULT_LIMITS } from './mcp/read';
import { finding } from './mcp/findings';
import { interpret, settle } from './mcp/interpret';
import { checkModernPages, readDiscover, sendDiscover, sendModernList, summarize } from './mcp/modern';
import { readInitialize, sendInitialize, sendLegacyList, sendPing, type LegacyFacts } from './mcp/legacy';
import { adoptLegacy, listEverything, type Draft } from './mcp/paths';
import { isLegacyVersion, MODERN_ERROR_CODES, MODERN_VERSION } from './mcp/protocol';
import { describeExit, stdioTransport, type StdioChild } from './mcp/stdio';
import { decideVerdict } from './mcp/verdict';
import { whoCanConnect } from './mcp/compat';
import { maskReport, typedValueMaskers } from './report/redact-report';
import { summarizeReport } from './report/summary';
import { conformanceTable } from './mcp/conformance';
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS } from './check-options';
import { createStepFeed } from './mcp/step-feed';

export interface LaunchSpec {
  command: string;
  args: string[];
  /** Added to the environment the server inherits (`--env KEY=VALUE`). */
  env: Record<string, string>;
  cwd?: string;
}

/** A started server process: its stdio, its stderr (capped) and how to end it. */
export interface LaunchedServer extends StdioChild {
  pid: number | undefined;
  /** Why the process could not be started (e.g. the command was not found). */
  startError(): string | undefined;
  stderr(): { text: string; truncated: boolean };
  /** Close stdin, wait, then end the whole process group (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#shutdown). Always resolves. */
  close(): Promise<'exited' | 'terminated' | 'killed'>;
}

export interface StdioCheckDeps {
  launch: (spec: LaunchSpec) => LaunchedServer;
  now?: () => Date;
  stepTimeoutMs?: number;
  checkTimeoutMs?: number;
  /** How long the first request may wait: the process boots, then answers. */
  startupTimeoutMs?: number;
  onStep?: (step: Step) => void;
}

export const DEFAULT_STARTUP_TIMEOUT_MS = 10_000;

/** The report's url: `stdio:` and the command line as a shell would show it. */
export function stdioUrl(spec: Pick<LaunchSpec, 'command' | 'args'>): string {
  return `stdio:${[spec.command, ...spec.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
}

export async function runStdioCheck(spec: LaunchSpec, deps: StdioCheckDeps): Promise<Report> {
  const checkedAt = (deps.now ?? (() => new Date()))();
  const url = stdioUrl(spec);
  // The values of --env are secrets like typed headers: masked wherever the server echoes them.
  const maskers = typedValueMaskers(Object.values(spec.env));
  const controller = new AbortController();
  // Every step in flight listens on this signal (exchange.ts): probes and listings run side by side,
  // past Node's default warning threshold of 10, and the warning would land on the CLI's stderr.
  setMaxListeners(100, controller.signal);
  const checkTimeoutMs = deps.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const deadline = setTimeout(() => controller.abort(new Error('check deadline')), checkTimeoutMs);
  const steps: Step[] = [];
  const findings: Finding[] = [];
  const draft: Draft = { era: 'unknown', supportedVersions: [], steps, tools: [], findings };
  const t0 = performance.now();
  // Live progress sends each step once its labels are final (lib/mcp/step-feed.ts), as runCheck does.
  const emitStep = deps.onStep;
  const feed = emitStep ? createStepFeed((step) => emitStep(maskReport(step, maskers)), () => true) : undefined;
  const child = deps.launch(spec);
  let era: 'modern' | 'legacy' | 'unknown' = 'unknown';
  const transport = stdioTransport(child, {
    firstTimeoutMs: Math.min(deps.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS, checkTimeoutMs),
    // Only a legacy client answers server requests; a 2026-07-28 client MUST NOT write responses (§Sending Messages).
    answerServerRequests: () => era === 'legacy',
  });
  const ctx: CheckContext = {
    outbound: () => Promise.reject(new Error('a stdio check makes no HTTP requests')),
    t0,
    signal: controller.signal,
    stepTimeoutMs: deps.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
    limits: DEFAULT_LIMITS,
    userHeaders: {},
    steps,
    transport: transport.exchange,
    ...(feed ? { onStep: feed.finished } : {}),
  };
  let handshake = false;
  let toolsListed: boolean | undefined;
  let exitedEarly: ReturnType<StdioChild['exit']>;
  let ended: StdioLaunch['ended'] = 'exited';

  try {
    // https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#backward-compatibility: probe with server/discover before
    // any other request. A DiscoverResult means modern; a recognised modern error means modern too
    // (do not fall back); any other error, or no answer in time, means legacy, whatever the code.
    const discover = await sendDiscover(ctx, url);
    const probe = summarize(discover);
    const isModern = probe.result !== undefined && typeof probe.result === 'object' && probe.result !== null && 'supportedVersions' in probe.result;
    const modernError = !isModern && probe.rpcErrorCode !== undefined && MODERN_ERROR_CODES.has(probe.rpcErrorCode);
    const legacyOnlyList = modernError && !!probe.supported?.length && !probe.supported.includes(MODERN_VERSION) && probe.supported.some(isLegacyVersion);
    if (child.exit()) {
      settle(discover, interpret(discover, findings), '');
    } else if (isModern) {
      era = 'modern';
      draft.era = 'modern';
      draft.protocolVersion = MODERN_VERSION;
      const facts = readDiscover(discover, findings);
      if (facts) {
        handshake = true;
        draft.supportedVersions = facts.supportedVersions.length ? facts.supportedVersions : [MODERN_VERSION];
        draft.capabilities = facts.capabilities;
        if (facts.instructions) draft.instructions = facts.instructions;
        if (facts.serverInfo) draft.serverInfo = facts.serverInfo;
        toolsListed = await listEverything(facts.capabilities, MODERN_VERSION, (kind, cursor, page) => sendModernList(ctx, url, kind, cursor, page), undefined, draft, findings, (method, results) =>
          checkModernPages(method, results, findings),
        );
      }
    } else if (modernError && !legacyOnlyList) {
      // A modern server that declined the version we offered: nothing to fall back to.
      settle(discover, interpret(discover, findings), '');
    } else {
      discover.step.status = 'info';
      discover.step.notes = `Not a ${MODERN_VERSION} answer${discover.error ? ` (${discover.error.code === 'TIMEOUT' ? 'no answer in time' : discover.error.code})` : ''}: using initialize`;
      delete discover.step.error;
      era = 'legacy';
      const init = await sendInitialize(ctx, url);
      const legacy = readInitialize(init, findings);
      dropHttpOnly(findings, init.step.id);
      init.step.notes = init.step.notes.replace(/, (no session|session issued)$/, '');
      if (legacy) {
        handshake = true;
        toolsListed = await runLegacy(ctx, url, legacy, findings, draft);
      }
    }
  } catch (err) {
    findings.push({ id: 'INTERNAL', severity: 'error', message: `The checker failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    exitedEarly = child.exit();
    // Always: a crashed leader may leave what it started running in its group.
    const how = await child.close();
    ended = exitedEarly ? 'crashed' : how;
  }
  // "Who can connect": a stdio connection keeps the era of its first message (the SDK's serveStdio
  // pins it), so what a 2025 client gets from a modern server is asked of a second process.
  let legacyVersion: string | undefined;
  try {
    if (handshake && era === 'modern' && !controller.signal.aborted) legacyVersion = await legacyClientsProbe(spec, deps, ctx, url);
    else if (handshake && era === 'legacy') legacyVersion = draft.protocolVersion;
  } finally {
    clearTimeout(deadline);
  }
  if (handshake) {
    // The HTTP+SSE row is about URLs; a stdio server has none.
    draft.compat = whoCanConnect({ era: draft.era, modern: era === 'modern', ...(legacyVersion ? { legacyVersion } : {}), findings }).filter((row) => !row.client.startsWith('HTTP+SSE'));
    if (legacyVersion && era === 'modern') draft.supportedVersions = [...new Set([...draft.supportedVersions, legacyVersion])];
  }

  const startError = child.startError();
  if (startError) ended = 'not-started';
  const exit = child.exit();
  if (exitedEarly || startError) {
    const stderrTail = child.stderr().text.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
    findings.push(
      finding(
        'T25',
        startError
          ? `The server could not be started: ${startError}.`
          : `The server process exited while the check ran (${describeExit(exitedEarly!)}); clients lose every request in flight.`,
        { ...(stderrTail ? { evidence: `stderr: ${stderrTail}` } : {}), ...(era === 'modern' ? { revision: MODERN_VERSION } : {}) },
      ),
    );
  }
  const stderr = child.stderr();
  const stdio: StdioLaunch = {
    command: spec.command,
    args: spec.args,
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
    env: Object.keys(spec.env),
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stderr: stderr.text,
    stderrTruncated: stderr.truncated,
    ended,
    ...(exit ? { exitCode: exit.code, signal: exit.signal } : {}),
  };
  const verdict = decideVerdict({ authRequired: false, handshake, toolsListed, toolCount: draft.tools.length, toolsRejected: findings.some((f) => f.id === 'S14' || f.id === 'S21') });
  const partial = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    url,
    transport: 'stdio' as const,
    stdio,
    checkedAt: checkedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    verdict,
    ...draft,
    steps: [...steps].sort((a, b) => a.startMs - b.startMs),
  } satisfies Omit<Report, 'summary'>;
  feed?.drain(partial.steps);
  const conformance = conformanceTable(partial, undefined);
  const report: Report = { ...partial, summary: summarizeReport(partial), ...(conformance ? { conformance } : {}) };
  return ReportSchema.parse(maskReport(report, maskers));
}

/**
 * A second process, asked what a 2025-era client asks first: `initialize`. A probe row; its findings
 * are not the modern server's (it may rightly refuse initialize). The process is always ended.
 */
async function legacyClientsProbe(spec: LaunchSpec, deps: StdioCheckDeps, ctx: CheckContext, url: string): Promise<string | undefined> {
  const child = deps.launch(spec);
  try {
    const transport = stdioTransport(child, { firstTimeoutMs: Math.min(deps.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS, ctx.stepTimeoutMs * 2), answerServerRequests: () => true });
    const init = await sendInitialize({ ...ctx, transport: transport.exchange }, url, undefined, { stepId: 'initialize (legacy clients)', name: 'initialize (2025 clients)', id: 1 });
    init.step.group = 'probe';
    const legacy = readInitialize(init, []);
    if (legacy) {
      init.step.notes = `Clients of 2025 revisions can connect too: protocol ${legacy.protocolVersion}`;
    } else {
      init.step.status = 'info';
      init.step.notes = `initialize not accepted (${init.step.error?.message ?? 'no usable answer'}): clients of 2025 revisions cannot connect`;
      delete init.step.error;
    }
    return legacy?.protocolVersion;
  } finally {
    await child.close();
  }
}

/**
 * The initialize-based path over one connection: initialized, then ping and the listings side by
 * side (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle). No session, no GET stream, no DELETE: those are HTTP's.
 */
async function runLegacy(ctx: CheckContext, url: string, legacy: LegacyFacts, findings: Finding[], draft: Draft): Promise<boolean | undefined> {
  adoptLegacy(draft, legacy);
  await notifyInitialized(ctx, url, legacy);
  const [toolsListed] = await Promise.all([
    listEverything(legacy.capabilities, legacy.protocolVersion, (kind, cursor, page) => sendLegacyList(ctx, url, legacy, kind, cursor, page), undefined, draft, findings),
    sendPing(ctx, url, legacy, findings),
  ]);
  return toolsListed;
}

function notifyInitialized(ctx: CheckContext, url: string, legacy: LegacyFacts): Promise<Exchange> {
  return exchange(ctx, {
    stepId: 'notifications/initialized',
    name: 'notifications/initialized',
    era: 'legacy',
    method: 'POST',
    url,
    headers: { 'mcp-protocol-version': legacy.protocolVersion },
    message: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
}

/** Findings about HTTP headers (the session id) say nothing about a stdio server: not applicable. */
function dropHttpOnly(findings: Finding[], stepId: string) {
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i]!;
    if (f.stepId === stepId && (f.id === 'T9' || f.id === 'T10')) findings.splice(i, 1);
  }
}
