// The report's conformance section: each requirement of the revision the check used, judged from
// the probes' outcomes and the findings (lib/mcp/conformance/requirements.ts), with the step that
// shows it.
import type { Conformance, Report, Step } from '../../report/schema';
import type { Outcome, ProbeRun } from './probe';
import { firstStream, REQUIREMENTS, type Requirement, type RequirementId, type Revision } from './requirements';

const KNOWN: readonly string[] = ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'];

export function conformanceTable(report: Omit<Report, 'summary' | 'conformance'>, probes: Pick<ProbeRun, 'outcomes' | 'evidence'> | undefined): Conformance | undefined {
  const revision = report.protocolVersion;
  if (!revision || !KNOWN.includes(revision) || (report.era !== 'legacy' && report.era !== 'modern')) return undefined;
  const failing = report.findings.filter((f) => f.severity !== 'info');
  const failedIds = new Set(failing.map((f) => f.id));
  const rows = (REQUIREMENTS as readonly Requirement[])
    .filter((q) => q.revisions.includes(revision as Revision) && (!q.stdio || report.transport === 'stdio'))
    .map((q) => {
      const id = q.id as RequirementId;
      const status = judge(q, report as Report, failedIds, probes?.outcomes.get(id), probes !== undefined);
      const stepId = evidenceStep(q, status, report, failing, probes?.evidence.get(id));
      return { id: q.id, level: q.level, status, specUrl: q.specUrl, ...(stepId ? { stepId } : {}), ...(q.suite ? { suiteIds: [...q.suite] } : {}) };
    });
  const tally = (level: 'MUST' | 'SHOULD') => {
    const of = rows.filter((r) => r.level === level);
    const n = (s: Outcome) => of.filter((r) => r.status === s).length;
    return { met: n('met'), failed: n('failed'), notApplicable: n('not-applicable'), notTestable: n('not-testable'), notTested: n('not-tested') };
  };
  return { revision, must: tally('MUST'), should: tally('SHOULD'), requirements: rows };
}

function judge(q: Requirement, report: Report, failedIds: Set<string>, outcome: Outcome | undefined, probesRan: boolean): Outcome {
  if (q.notTestable) return 'not-testable';
  if (q.http && report.transport === 'stdio') return 'not-applicable';
  if (q.applies && !q.applies(report)) return 'not-applicable';
  if (q.probe) return outcome ?? (probesRan ? 'not-tested' : 'not-tested');
  if (q.findings?.some((id) => failedIds.has(id))) return 'failed';
  // Judged by the core path: it ran when the check reached the server in this era.
  return report.verdict === 'healthy' || report.verdict === 'partial' ? 'met' : 'not-tested';
}

/** The step a person opens to see the requirement met or failed: the probe's row, the failing finding's row, or the core step named by the requirement. */
function evidenceStep(q: Requirement, status: Outcome, report: Omit<Report, 'summary' | 'conformance'>, failing: Report['findings'], probeStep: string | undefined): string | undefined {
  if (status !== 'met' && status !== 'failed') return undefined;
  if (q.probe) return probeStep;
  if (status === 'failed') return failing.find((f) => (q.findings as readonly string[] | undefined)?.includes(f.id) && f.stepId)?.stepId;
  if (!q.step) return undefined;
  if (q.step === 'sse') return firstStream(report)?.id;
  const want = q.step === 'handshake' ? (report.era === 'modern' ? 'server/discover' : 'initialize') : q.step;
  const exact = report.steps.find((s: Step) => s.id === want);
  return (exact ?? report.steps.find((s: Step) => s.id.startsWith(`${want} `) && s.group !== 'probe'))?.id;
}
