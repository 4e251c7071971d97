// Which rows of the step table a newcomer needs first. Core rows are the calls a client makes on
// connect; probes are what the check adds to learn more (CORS preflight, the older-client
// initialize, the GET stream, conformance probes). Probes sit in a folded group with a count of
// their findings, so the table reads like a connection, not a log.
import type { Finding, Step } from './schema';

/**
 * Side probes recognised by id, for reports written before steps carried `group` (and for engine
 * rows not yet tagged): lib/mcp/probes.ts names them so.
 */
const SIDE_PROBE_ID = /^(cors-preflight|get-stream|(initialize|delete) \d{4}-\d{2}-\d{2})$/;

export function isProbe(step: Pick<Step, 'id' | 'group'>): boolean {
  if (step.group) return step.group === 'probe';
  return SIDE_PROBE_ID.test(step.id);
}

export interface StepGroups<S = Step> {
  core: S[];
  probes: S[];
  /** Findings whose evidence is a probe row. */
  probeFindings: number;
}

export function groupSteps<S extends Pick<Step, 'id' | 'group'>>(steps: S[], findings: Finding[]): StepGroups<S> {
  const core: S[] = [];
  const probes: S[] = [];
  for (const s of steps) (isProbe(s) ? probes : core).push(s);
  const ids = new Set(probes.map((s) => s.id));
  return { core, probes, probeFindings: findings.filter((f) => f.stepId !== undefined && ids.has(f.stepId)).length };
}

/** What a row of the step table shows before it is expanded; a shared page sends only this. */
export type StepSummary = Pick<Step, 'id' | 'name' | 'era' | 'group' | 'status' | 'startMs' | 'latencyMs' | 'notes'>;

/** The rows without their exchanges: what a shared page puts into its HTML and RSC payload. */
export function stepSummaries(steps: Step[]): StepSummary[] {
  return steps.map(({ id, name, era, group, status, startMs, latencyMs, notes }) => ({ id, name, status, startMs, latencyMs, notes, ...(era ? { era } : {}), ...(group ? { group } : {}) }));
}
