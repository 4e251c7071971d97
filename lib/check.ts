// The engine's one entry point. The page's server action, the JSON route and the CLI all call
// runCheck and get the same report: the era probes go out, their answers decide the era
// (lib/mcp/era.ts), that era's runner (lib/mcp/runners) talks to the server, then the verdict
// (lib/mcp/verdict.ts) and the report (lib/report). Orchestration only: no protocol rule lives here.
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Finding, Report, Step } from './report/schema';
import { REPORT_SCHEMA_VERSION } from './report/schema';
import { createOutbound } from './net/outbound';
import { CheckCancelled, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS, type CheckDeps, type CheckInput } from './check-options';
import { CLOSED_POLICY } from './net/policy';
import type { CheckContext } from './mcp/exchange';
import { DEFAULT_LIMITS } from './mcp/read';
import type { Draft } from './mcp/paths';
import { judgeCors } from './mcp/probes';
import { whoCanConnect } from './mcp/compat';
import { decideVerdict } from './mcp/verdict';
import { conformanceTable, finishProbes } from './mcp/conformance';
import { createStepFeed } from './mcp/step-feed';
import { factsOfDecision, followStepUp, readEraProbes, RUNNERS, sendEraProbes, sentAuthorization, stepUpOf, type EraOutcome, type VerdictFacts } from './mcp/runners';
import type { EraAnswers } from './mcp/runners/run';
import { typedValues } from './report/redact';
import { maskReport, typedValueMaskers } from './report/redact-report';
import { summarizeReport } from './report/summary';
import { toolsFingerprint } from './report/fingerprint';

export { CheckCancelled, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS, type CheckDeps, type CheckInput, type KnownVerdict } from './check-options';

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
  const draft: Draft = { era: 'unknown', supportedVersions: [], steps, tools: [], findings };
  const probesOn = input.probes !== false;
  const verdictOf = (facts: VerdictFacts) =>
    decideVerdict({ ...facts, ...(stepUpOf(facts, steps) ? { authRequired: true } : {}), toolCount: draft.tools.length, toolsRejected: findings.some((f) => f.id === 'S14' || f.id === 'S21') });
  let announced = false;
  const announce = (facts: VerdictFacts) => {
    if (announced || !deps.onVerdict || cancel?.aborted) return;
    announced = true;
    feed?.flush();
    deps.onVerdict({ verdict: verdictOf(facts), era: draft.era, toolCount: draft.tools.length, afterMs: Math.round(performance.now() - ctx.t0) });
  };

  let answers: EraAnswers | undefined;
  let outcome: EraOutcome | undefined;
  try {
    const sent = sendEraProbes(eraCtx, url);
    answers = await readEraProbes(sent, findings);
    const release = (...s: Step[]) => feed?.release(...s);
    const run = { ...answers, ctx, url, findings, draft, modernTools: sent.modernTools, conformance: probesOn, release, announce };
    outcome = await followStepUp(run, await RUNNERS[answers.branch.kind](run));
    // Labelled by every runner by now (the runners that go on talking released them earlier).
    release(answers.discover.step, answers.init.step, (await sent.modernTools).step);
    announce(outcome.facts);
    if (outcome.conformance) {
      await outcome.conformance.done;
      finishProbes(outcome.conformance.run, steps, draft.protocolVersion);
    }
    judgeCors(await sent.cors, outcome.corsEra, findings, outcome.facts.authRequired || sentAuthorization(ctx));
  } catch (err) {
    // Programmer error: keep the report, say what happened.
    findings.push({ id: 'INTERNAL', severity: 'error', message: `The checker failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    clearTimeout(deadline);
    cancel?.removeEventListener('abort', onCancel);
    await handle.close();
  }
  if (cancel?.aborted) throw new CheckCancelled();

  const facts = outcome?.facts ?? factsOfDecision(answers);
  const legacyVersion = answers?.legacy?.protocolVersion;
  if (facts.handshake) draft.compat = whoCanConnect({ era: draft.era, modern: outcome?.modern ?? false, ...(legacyVersion ? { legacyVersion } : {}), ...(outcome?.oldest ? { oldest: outcome.oldest } : {}), findings });
  const verdict = verdictOf(facts);
  announce(facts);
  const partial = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    url,
    checkedAt: checkedAt.toISOString(),
    durationMs: Math.round(performance.now() - ctx.t0),
    verdict,
    ...draft,
    ...(facts.toolsListed ? { toolsFingerprint: toolsFingerprint(draft.tools) } : {}),
    steps: [...steps].sort((a, b) => a.startMs - b.startMs),
  } satisfies Omit<Report, 'summary'>;
  feed?.drain(partial.steps);
  const conformance = conformanceTable(partial, outcome?.conformance?.run);
  const report: Report = { ...partial, summary: summarizeReport(partial), ...(conformance ? { conformance } : {}), ...(probesOn ? {} : { probes: false }) };
  // Not parsed with the report schema here: the engine builds the report from typed parts, and a
  // full zod parse of it was ~5 % of a check's CPU (docs/benchmarks.md, part 2). Reports are
  // validated where they come back in (a shared report, a signed one, the CLI's diff).
  return maskReport(report, maskers);
}
