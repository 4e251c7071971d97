// The server needs credentials: the check follows the challenge to the resource and authorization
// server metadata (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-discovery)
// instead of an era path. The same happens after any era path whose tool listing was refused for
// want of (another) token: step-up.
import type { Step } from '../../report/schema';
import { discoverAuth } from '../../auth/discovery';
import { rejectionOf } from '../../auth/rejection';
import { authGet, labelAuthSteps, refusedListing } from '../auth-get';
import { interpret, settle } from '../interpret';
import { markProbe, sentAuthorization, type EraOutcome, type EraRun, type VerdictFacts } from './run';

export async function runAuth(run: EraRun): Promise<EraOutcome> {
  const { discover, init, findings } = run;
  const first = run.branch.kind === 'auth' && run.branch.challengedBy === 'server/discover' ? discover : init;
  const facts = { authRequired: true, handshake: false };
  settle(first, interpret(first, findings), '');
  first.step.status = 'warn'; // expected of a protected server: not a failure
  const modernTools = await run.modernTools;
  for (const x of [discover, init, modernTools]) if (x !== first) markProbe(x, 'not used: the server needs credentials');
  run.release(discover.step, init.step, modernTools.step);
  run.announce(facts);
  await followChallenge(run, first.status === 403 ? 403 : 401, first.headers);
  return { facts };
}

/**
 * Step-up: the handshake got in, but the tool listing was refused with 401, or 403 and a Bearer
 * challenge. The verdict is AUTH (whatever the path found) and the refused listing is the evidence.
 */
export function stepUpOf(facts: VerdictFacts, steps: readonly Step[]): Step | undefined {
  return facts.authRequired || facts.toolsListed !== false ? undefined : refusedListing(steps);
}

/** After an era path: on step-up, follow the listing's challenge like a first request's. */
export async function followStepUp(run: EraRun, outcome: EraOutcome): Promise<EraOutcome> {
  const refused = stepUpOf(outcome.facts, run.ctx.steps);
  if (!refused) return outcome;
  if (refused.response) await followChallenge(run, refused.response.status === 403 ? 403 : 401, refused.response.headers);
  return { ...outcome, facts: { ...outcome.facts, authRequired: true } };
}

async function followChallenge(run: EraRun, status: 401 | 403, headers: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const { ctx, draft, findings } = run;
  const wwwAuthenticate = headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v);
  const auth = await discoverAuth({ mcpUrl: run.url, status, wwwAuthenticate }, { get: authGet(ctx) });
  findings.push(...auth.findings);
  labelAuthSteps(ctx.steps, auth.trail);
  const rejected = rejectionOf(auth, sentAuthorization(ctx));
  draft.auth = { ...auth, findings: [], ...(rejected ? { rejected } : {}) };
}
