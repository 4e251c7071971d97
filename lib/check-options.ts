// What a door (the page's server action, the JSON route, the CLI, the monitors) hands runCheck, and
// what it hears back while the check runs. The engine itself is lib/check.ts.
import type { Report, Step, Verdict } from './report/schema';
import type { OutboundHandle, OutboundOptions } from './net/outbound';

export interface CheckInput {
  url: string;
  headers?: Record<string, string>;
  /** Send the conformance probes (lib/mcp/conformance) beside the check; default true. */
  probes?: boolean;
}

export interface CheckDeps {
  /** Make the outbound handle for one check (lib/net); injectable for tests. */
  outbound?: (options: OutboundOptions) => OutboundHandle;
  /** The address policy and resolver. Without them the policy is closed (public addresses only); lib/deps.ts builds the app's from the environment. */
  outboundOptions?: OutboundOptions;
  now?: () => Date;
  /** Per-request budget (headers and body). */
  stepTimeoutMs?: number;
  /** The whole check never takes longer than this. */
  checkTimeoutMs?: number;
  /**
   * Called once with each step, masked as in the report, once its exchange has ended and the engine
   * has labelled it (lib/mcp/step-feed.ts): live progress for the page's stream and the CLI. A step
   * is final when it is sent: the report shows it unchanged (the CORS row, judged last, is sent last).
   */
  onStep?: (step: Step) => void;
  /**
   * Called once, as soon as the verdict is known: after the listings, before the session's DELETE,
   * the side probes and the CORS judgement finish. The report's verdict is the same.
   */
  onVerdict?: (known: KnownVerdict) => void;
  /**
   * The door's cancel (a closed page, Cancel, a closed stream). Every request in flight is aborted
   * and nothing more is sent (no DELETE either); runCheck then rejects with CheckCancelled.
   */
  signal?: AbortSignal;
}

export interface KnownVerdict {
  verdict: Verdict;
  era: Report['era'];
  toolCount: number;
  /** Since the check started. */
  afterMs: number;
}

/** runCheck's rejection when the door's signal aborted it: there is no report, and no verdict. */
export class CheckCancelled extends Error {
  constructor() {
    super('The check was cancelled.');
    this.name = 'CheckCancelled';
  }
}

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
