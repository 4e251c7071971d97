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

export interface StepGroups {
  core: Step[];
  probes: Step[];
  /** Findings whose evidence is a probe row. */
  probeFindings: number;
}

export function groupSteps(steps: Step[], findings: Finding[]): StepGroups {
  const core: Step[] = [];
  const probes: Step[] = [];
  for (const s of steps) (isProbe(s) ? probes : core).push(s);
  const ids = new Set(probes.map((s) => s.id));
  return { core, probes, probeFindings: findings.filter((f) => f.stepId !== undefined && ids.has(f.stepId)).length };
}
