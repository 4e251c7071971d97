// The report's conformance section: each requirement of the revision the check used, judged from
// the probes' outcomes and the findings (lib/mcp/conformance/requirements.ts).
import type { Conformance, Report } from '../../report/schema';
import type { Outcome } from './probe';
import { REQUIREMENTS, type Requirement, type RequirementId, type Revision } from './requirements';

const KNOWN: readonly string[] = ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'];

export function conformanceTable(report: Omit<Report, 'summary' | 'conformance'>, outcomes: ReadonlyMap<RequirementId, Outcome> | undefined): Conformance | undefined {
  const revision = report.protocolVersion;
  if (!revision || !KNOWN.includes(revision) || (report.era !== 'legacy' && report.era !== 'modern')) return undefined;
  const failedIds = new Set(report.findings.filter((f) => f.severity !== 'info').map((f) => f.id));
  const rows = (REQUIREMENTS as readonly Requirement[])
    .filter((q) => q.revisions.includes(revision as Revision) && (!q.stdio || report.transport === 'stdio'))
    .map((q) => {
      const status = judge(q, report as Report, failedIds, outcomes?.get(q.id as RequirementId), outcomes !== undefined);
      return { id: q.id, level: q.level, status, specUrl: q.specUrl, ...(q.suite ? { suiteIds: [...q.suite] } : {}) };
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
