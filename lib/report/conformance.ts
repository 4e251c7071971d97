// How the report's conformance section reads, the same on the page and in the terminal: result
// labels, failures first, and the one-line tally per level.
import type { Conformance } from './schema';

type Row = Conformance['requirements'][number];
export type RequirementStatus = Row['status'];

export const RESULT_LABEL: Record<RequirementStatus, string> = {
  met: 'Pass',
  failed: 'Fail',
  'not-tested': 'Not tested',
  'not-applicable': 'Not applicable',
  'not-testable': 'Not testable from outside',
};

/** Failures first (they are what a person came for), then passes, then what was not judged; MUST before SHOULD. */
const ORDER: Record<RequirementStatus, number> = { failed: 0, met: 1, 'not-tested': 2, 'not-applicable': 3, 'not-testable': 4 };

export function sortedRequirements(c: Conformance): Row[] {
  return [...c.requirements].sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.level === b.level ? 0 : a.level === 'MUST' ? -1 : 1));
}

/** e.g. `18 pass, 2 fail, 3 not applicable` */
export function tallyText(t: Conformance['must']): string {
  return [`${t.met} pass`, t.failed ? `${t.failed} fail` : '', t.notTested ? `${t.notTested} not tested` : '', t.notApplicable ? `${t.notApplicable} not applicable` : '', t.notTestable ? `${t.notTestable} not testable` : '']
    .filter(Boolean)
    .join(', ');
}
