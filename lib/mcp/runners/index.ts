// One runner per era (lib/mcp/era.ts decides which): the era probes go out together, their answers
// are read once, and the chosen runner goes on from there.
import type { Finding } from '../../report/schema';
import { classifyDiscover, decideEra, type EraBranch } from '../era';
import type { CheckContext } from '../exchange';
import { needsAuth } from '../interpret';
import { readInitialize, sendInitialize } from '../legacy';
import { sendDiscover, sendModernList, summarize } from '../modern';
import { sendCorsPreflight } from '../probes';
import { runAuth } from './auth';
export { followStepUp, stepUpOf } from './auth';
import { runLegacy } from './legacy';
import { runModern, runUnspeakable } from './modern';
import { runNone } from './none';
import type { EraAnswers, EraProbes, EraRunner, VerdictFacts } from './run';

export type { EraOutcome, EraRun, VerdictFacts } from './run';
export { sentAuthorization } from './run';

export const RUNNERS: Record<EraBranch['kind'], EraRunner> = {
  auth: runAuth,
  unspeakable: runUnspeakable,
  modern: runModern,
  legacy: runLegacy,
  none: runNone,
};

/**
 * Era detection, side by side (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#backward-compatibility):
 * the modern probe, page one of a modern tool listing, the legacy initialize and the CORS preflight.
 * Whichever era the server speaks, its answer is already on the way; nothing waits for a failure to
 * move on. `ctx` holds their steps back from the live feed until a runner has labelled them.
 */
export function sendEraProbes(ctx: CheckContext, url: string): EraProbes {
  const discover = sendDiscover(ctx, url);
  const modernTools = sendModernList(ctx, url, 'tools', undefined, 1);
  const init = sendInitialize(ctx, url);
  const cors = sendCorsPreflight(ctx, url);
  return { discover, modernTools, init, cors };
}

/** Read server/discover and initialize once both have answered, and decide the era. */
export async function readEraProbes(probes: EraProbes, findings: Finding[]): Promise<EraAnswers> {
  const [discover, init] = await Promise.all([probes.discover, probes.init]);
  const era = classifyDiscover(summarize(discover));
  const auth = needsAuth(init);
  const legacy = auth ? undefined : readInitialize(init, findings);
  const branch = decideEra({ discover: era, initialize: { auth, handshake: !!legacy, ...(init.status !== undefined ? { status: init.status } : {}) } });
  return { discover, init, era, ...(legacy ? { legacy } : {}), branch };
}

/**
 * What is known when a runner fails (a bug in the checker, reported as finding INTERNAL): only what
 * the era decision itself established, never more than the wire showed.
 */
export function factsOfDecision(answers: EraAnswers | undefined): VerdictFacts {
  const kind = answers?.branch.kind;
  return {
    authRequired: kind === 'auth',
    noCommonVersion: kind === 'unspeakable',
    handshake: kind === 'legacy' || (kind === 'modern' && answers?.era.kind === 'modern'),
  };
}
