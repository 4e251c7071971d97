// A finding: one protocol deviation the check saw. Shared by the report and the auth section.
import { z } from 'zod';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  /** Stable id from the protocol brief's table (T1, L4, M6, A2, …). */
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
