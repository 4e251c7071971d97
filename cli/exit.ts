// Exit codes are part of the CLI's contract (CI scripts branch on them): documented in --help and
// README.md ("Command line", the exit code table). 64, 70 and 73 follow sysexits.h (EX_USAGE,
// EX_SOFTWARE, EX_CANTCREAT).
import type { Report, Verdict } from '../lib/report/schema';

export const EXIT = {
  healthy: 0,
  partial: 1,
  authRequired: 2,
  unreachable: 3,
  strict: 4,
  conformance: 5,
  usage: 64,
  internal: 70,
  cantCreate: 73,
} as const;

const BY_VERDICT: Record<Verdict, number> = {
  healthy: EXIT.healthy,
  partial: EXIT.partial,
  'auth-required': EXIT.authRequired,
  unreachable: EXIT.unreachable,
};

export interface Outcome {
  code: number;
  /** Why the run failed, in a few words; empty when it passed. */
  reason: string;
}

/**
 * The verdict decides first: a server that is not healthy gets its own code whatever --strict says,
 * because that code already fails the run and says more. --strict only turns a healthy verdict with
 * error-level findings into a failure.
 */
export function outcomeFor(report: Report, strict: boolean, failOn?: 'must' | 'should'): Outcome {
  const code = BY_VERDICT[report.verdict];
  if (code !== EXIT.healthy) return { code, reason: `verdict ${report.verdict}: ${report.summary}` };
  const errors = report.findings.filter((f) => f.severity === 'error');
  if (strict && errors.length) {
    return { code: EXIT.strict, reason: `--strict: ${errors.length} error-level finding${errors.length === 1 ? '' : 's'} (${errors.map((f) => f.id).join(', ')})` };
  }
  // --fail-on: requirements of the revision the check used (report.conformance) that failed.
  const failed = (report.conformance?.requirements ?? []).filter((r) => r.status === 'failed' && (r.level === 'MUST' || failOn === 'should'));
  if (failOn && failed.length) {
    return { code: EXIT.conformance, reason: `--fail-on ${failOn}: ${failed.length} requirement${failed.length === 1 ? '' : 's'} failed (${failed.map((r) => `${r.level} ${r.id}`).join(', ')})` };
  }
  return { code: EXIT.healthy, reason: '' };
}
