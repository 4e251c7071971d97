// What an era runner is handed and what it hands back. runCheck (lib/check.ts) sends the era probes,
// reads their answers and decides the era (lib/mcp/era.ts, ERA_TABLE); then one runner of this
// folder talks to the server the way a client of that era would, fills the report's draft, and
// returns its outcome. Nothing else is shared between runCheck and a runner.
import type { Finding, Step } from '../../report/schema';
import type { ProbeRun } from '../conformance';
import type { DiscoverVerdict, EraBranch } from '../era';
import type { CheckContext, Exchange } from '../exchange';
import type { LegacyFacts } from '../legacy';
import type { Draft } from '../paths';
import type { Outcome } from '../verdict';

/** What decides the verdict (lib/mcp/verdict.ts), besides the tools and findings in the draft. */
export type VerdictFacts = Omit<Outcome, 'toolCount' | 'toolsRejected'>;

/** The era probes, sent side by side before anything is known about the server. */
export interface EraProbes {
  discover: Promise<Exchange>;
  init: Promise<Exchange>;
  /** Page one of a modern tool listing: stateless, so it needs nothing from discover. */
  modernTools: Promise<Exchange>;
  /** The CORS preflight, judged once the era is known. */
  cors: Promise<Exchange>;
}

/** The era probes' answers, read, and the era they decide. */
export interface EraAnswers {
  discover: Exchange;
  init: Exchange;
  /** classifyDiscover of the discover answer. */
  era: DiscoverVerdict;
  /** The initialize answer as a handshake (undefined when it is not one, or asked for credentials). */
  legacy?: LegacyFacts;
  branch: EraBranch;
}

export interface EraRun extends EraAnswers {
  /** Steps made on this context are sent live as soon as their exchange ends and is labelled. */
  ctx: CheckContext;
  url: string;
  findings: Finding[];
  /** The report being built: the runner fills what its era tells. */
  draft: Draft;
  modernTools: Promise<Exchange>;
  /** Start the conformance probes (lib/mcp/conformance) beside the path. */
  conformance: boolean;
  /** The era probes' steps are held back from the live feed until labelled: send these now, final. */
  release(...steps: Step[]): void;
  /** The verdict is known before the path ends (e.g. before the session's DELETE): tell the door now. */
  announce(facts: VerdictFacts): void;
}

export interface EraOutcome {
  facts: VerdictFacts;
  /** A 2026-07-28 handshake worked ("who can connect"). */
  modern?: boolean;
  /** What a 2025-03-26 client got (the older-client probe of the legacy path). */
  oldest?: { accepted: boolean; answered?: string };
  /** The era whose headers the CORS preflight is judged against; none when no MCP answer came. */
  corsEra?: 'modern' | 'legacy';
  /** The conformance probes started beside the path, still running. */
  conformance?: { run: ProbeRun; done: Promise<void> };
}

export type EraRunner = (run: EraRun) => Promise<EraOutcome>;

/** Relabel an era probe the chosen path did not use (or used differently): before its release. */
export function markProbe(x: Exchange, note: string, status: Step['status'] = 'info'): void {
  x.step.status = status;
  x.step.notes = note;
  delete x.step.error;
}

/** The person sent an Authorization header. */
export function sentAuthorization(ctx: CheckContext): boolean {
  return Object.keys(ctx.userHeaders).some((k) => k.toLowerCase() === 'authorization');
}
