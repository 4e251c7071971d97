// A finding: one protocol deviation the check saw. Shared by the report and the auth section.
// Every catalogue (lib/mcp/findings.ts, lib/auth/findings.ts) is a table of rules made into a
// finding function by `findingsFrom`, so all findings are built one way.
import { z } from 'zod';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  /** Stable id from a catalogue (T1, L4, M6, A2, …); each id's rule cites the spec section it enforces. */
  id: z.string(),
  severity: Severity,
  message: z.string(),
  /** Revision-specific link to the spec section the rule comes from. */
  specUrl: z.string().optional(),
  /** The step that shows the evidence. */
  stepId: z.string().optional(),
  /** The observed value or field, in a few words. */
  evidence: z.string().optional(),
  /** Best practice with no normative spec text behind it. */
  bestPractice: z.boolean().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** One row of a findings catalogue. */
export interface Rule {
  /** The default; a call may grade it differently (e.g. per revision). */
  severity: Severity;
  specUrl: string;
  bestPractice?: boolean;
  /** Links that depend on the revision in effect (revision → URL), used when `revision` is given. */
  specUrlByRevision?: Record<string, string>;
}

export interface FindingDetails {
  stepId?: string;
  evidence?: string;
  severity?: Severity;
  /** The protocol revision in effect, for rules whose link depends on it. */
  revision?: string;
}

export type MakeFinding<Id extends string> = (id: Id, message: string, details?: FindingDetails) => Finding;

/** The finding function of one catalogue. */
export function findingsFrom<Id extends string>(rules: Record<Id, Rule>): MakeFinding<Id> {
  return (id, message, details = {}) => {
    const rule: Rule = rules[id];
    const revisionUrl = details.revision !== undefined ? rule.specUrlByRevision?.[details.revision] : undefined;
    return {
      id,
      severity: details.severity ?? rule.severity,
      message,
      specUrl: revisionUrl ?? rule.specUrl,
      ...(details.stepId ? { stepId: details.stepId } : {}),
      ...(details.evidence ? { evidence: details.evidence } : {}),
      ...(rule.bestPractice ? { bestPractice: true } : {}),
    };
  };
}
