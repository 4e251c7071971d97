// The probes of one check, started once the era is known and run beside the check's own path.
import type { Finding, Step } from '../../report/schema';
import type { CheckContext } from '../exchange';
import type { LegacyFacts } from '../legacy';
import { probeModernValidation } from './modern';
import { probeOrigin } from './origin';
import { newProbeRun, type ProbeRun } from './probe';
import { probeSessions } from './session';
import { judgePriming, judgeRetry } from './stream';

export { conformanceTable } from './table';
export type { ProbeRun } from './probe';

export type ProbePlan = { era: 'modern'; modernOnly: boolean } | { era: 'legacy'; facts: LegacyFacts };

/** Start every probe for the era; the promise settles when all have. */
export function startProbes(ctx: CheckContext, url: string, findings: Finding[], plan: ProbePlan): { run: ProbeRun; done: Promise<void> } {
  const run = newProbeRun(ctx, url, findings);
  const tasks: Promise<void>[] = [probeOrigin(run, plan.era)];
  if (plan.era === 'modern') tasks.push(probeModernValidation(run, plan.modernOnly));
  else tasks.push(probeSessions(run, plan.facts));
  return { run, done: Promise.all(tasks).then(() => undefined) };
}

/** Judgements made from what the check already received (no requests). */
export function finishProbes(run: ProbeRun, steps: Step[], revision: string | undefined): void {
  judgePriming(run, steps, revision);
  judgeRetry(run, steps, revision);
}
