// The conformance section: per spec requirement of the revision the check used, its level, what
// the check found and the step that shows it (lib/mcp/conformance). Server-rendered; the step link
// is a fragment the StepTable answers by opening that row (and the probes group if it is folded).
import type { Conformance } from '@/lib/report/schema';
import { RESULT_LABEL, sortedRequirements, tallyText } from '@/lib/report/conformance';
import { stepAnchor } from './format';

export function ConformanceTable({ conformance, probes }: { conformance: Conformance; probes?: boolean }) {
  const rows = sortedRequirements(conformance);
  return (
    <>
      <p className="conformance-tally">
        <span className={conformance.must.failed ? 'conf-failed' : undefined}>
          <strong>MUST</strong> {tallyText(conformance.must)}
        </span>
        {' · '}
        <span className={conformance.should.failed ? 'conf-failed' : undefined}>
          <strong>SHOULD</strong> {tallyText(conformance.should)}
        </span>
        {probes === false ? <span className="muted small"> · probes were off, so the rules only they test are not tested</span> : null}
      </p>
      <div className="table-scroll">
        <table className="conformance">
          <caption className="sr-only">Spec requirements of revision {conformance.revision}: level, result and the step that shows it</caption>
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              <th scope="col">Level</th>
              <th scope="col">Result</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-requirement={r.id} data-status={r.status}>
                <th scope="row">
                  <a href={r.specUrl} rel="noreferrer noopener" target="_blank">
                    {r.id}
                    <span className="sr-only"> (spec, opens in a new tab)</span>
                  </a>
                </th>
                <td className="conf-level">{r.level}</td>
                <td>
                  <span className={`conf-status conf-${r.status}`}>{RESULT_LABEL[r.status]}</span>
                </td>
                <td className="conf-evidence">
                  {r.stepId ? (
                    <a href={`#${stepAnchor(r.stepId)}`}>
                      <span className="sr-only">step </span>
                      {r.stepId}
                    </a>
                  ) : (
                    <span className="muted" aria-label="no step">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
