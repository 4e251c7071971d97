// Safe active probes: requests a real client never makes, sent beside the check's own path so the
// verdict never waits for them. None calls a tool; the only state one creates is a session it opens
// and ends itself. Each is recorded as a step in the "probe" group, with the requirement it tests.
import type { Finding, Step } from '../../report/schema';
import { exchange, type CallSpec, type CheckContext, type Exchange } from '../exchange';
import type { RequirementId } from './requirements';

/** At most this many extra requests per check, whatever the server does. */
export const MAX_PROBE_REQUESTS = 12;

/** What a probe saw for one requirement. `not-tested`: the probe did not run or got no answer. */
export type Outcome = 'met' | 'failed' | 'not-applicable' | 'not-testable' | 'not-tested';

export interface ProbeRun {
  ctx: CheckContext;
  url: string;
  findings: Finding[];
  outcomes: Map<RequirementId, Outcome>;
  /** The step that shows each outcome (the probe's own row, or the check's row it judged). */
  evidence: Map<RequirementId, string>;
  /** Requests still allowed. */
  budget: { left: number };
}

export function newProbeRun(ctx: CheckContext, url: string, findings: Finding[]): ProbeRun {
  return { ctx, url, findings, outcomes: new Map(), evidence: new Map(), budget: { left: MAX_PROBE_REQUESTS } };
}

/** One probe request, or undefined when the budget is spent (the requirement stays untested). */
export function probeExchange(run: ProbeRun, spec: Omit<CallSpec, 'group' | 'url'>): Promise<Exchange> | undefined {
  if (run.budget.left <= 0) return undefined;
  run.budget.left--;
  return exchange(run.ctx, { ...spec, url: run.url, group: 'probe' });
}

/** Set a probe row's verdict. A probe's answer is usually an HTTP error on purpose: that is not a step error. */
export function mark(x: Exchange, status: Step['status'], notes: string): void {
  x.step.status = status;
  x.step.notes = notes;
  delete x.step.error;
}

export function record(run: ProbeRun, id: RequirementId, outcome: Outcome, at?: Exchange | string): void {
  const stepId = typeof at === 'string' ? at : at?.step.id;
  // A requirement tested twice keeps its worst outcome.
  const before = run.outcomes.get(id);
  if (before === 'failed' || (before === 'met' && outcome !== 'failed')) {
    // Probes answer in any order: between two pieces of evidence for the same outcome keep the
    // same one every time (the smallest step id), so one server gives one report.
    const kept = run.evidence.get(id);
    if (outcome === before && stepId && kept && stepId < kept) run.evidence.set(id, stepId);
    return;
  }
  run.outcomes.set(id, outcome);
  if (stepId) run.evidence.set(id, stepId);
  else run.evidence.delete(id);
}

/** A short JSON-RPC error summary of an answer, e.g. `HTTP 400 -32020`. */
export function answerOf(x: Exchange): string {
  const rpc = x.match?.kind === 'error' ? x.match.error : x.read?.mismatch?.kind === 'error' ? x.read.mismatch.error : undefined;
  return `HTTP ${x.status ?? '—'}${rpc ? ` ${rpc.code}` : x.match?.kind === 'result' ? ' with a result' : ''}`;
}

/** A made-up id no server issued (visible ASCII, as session ids must be). */
export function madeUpSessionId(): string {
  return `mcp-health-probe-${Math.random().toString(36).slice(2, 12)}`;
}
