// The one guard every door goes through before it spends anything on someone else's server: the
// page's actions, POST /api/check, the token flow and every later door (live stream, /mcp, …).
// Door-neutral: it sees only request headers (a Fetch Request, or next/headers' ReadonlyHeaders),
// and its configuration and stores come in from the door (app/guard.ts), never from the environment.
//
//   admit(request, action)  who is asking (lib/web/client-ip), refuse browsers on other sites,
//                           count the action against that client's limits (lib/ratelimit), and
//                           hand back the engine's deps with this request's address policy.
//   check(request, input)   admit as 'check', validate the input with the API's own schema
//                           (lib/input), refuse a target the address policy closes as an input
//                           error, run the engine, sign the report.
import { runCheck, type CheckDeps } from '../check';
import { parseCheckRequest, type CheckRequest } from '../input';
import type { OutboundOptions } from '../net/outbound';
import type { AddressPolicy } from '../net/policy';
import type { CheckRunner } from '../pool/pool';
import { judgeTarget } from '../net/target';
import { consume, type Action, type RateLimitStore } from '../ratelimit';
import type { Report } from '../report/schema';
import { signReport } from '../report/sign';
import { clientKey, peerStampActive, type HeaderReader } from '../web/client-ip';
import type { GuardConfig } from './config';
import { crossSiteRefusal, selfOriginsFrom } from './origin';

/** All the guard reads of a request: a Fetch `Request` fits, so do `{ headers: await headers() }`. */
export interface GuardRequest {
  headers: HeaderReader;
}

export interface GuardDeps {
  /** Where the limits are counted (the database every instance shares, in the app). */
  store: RateLimitStore;
  /** The engine's outside world, beyond the address policy the guard sets (tests: resolver, connect guard, timeouts). */
  engine?: Omit<CheckDeps, 'outboundOptions'> & { outboundOptions?: Omit<OutboundOptions, 'policy'> };
  /**
   * What runs an admitted check: runCheck's signature. The app passes its worker pool
   * (lib/pool/pool.ts), so checks run off the thread that serves pages; default: runCheck here.
   */
  run?: CheckRunner;
  /** Whether the instrumentation hook stamps the socket address on requests (lib/web/peer-stamp). */
  peerStamped?: () => boolean;
  now?: () => number;
}

/**
 * Why a door must say no. `status` is the HTTP answer for doors that speak HTTP; `field` names the
 * input the refusal is about, for a form to show it beside that field.
 */
export interface Refusal {
  ok: false;
  reason: 'cross-site' | 'rate-limited' | 'invalid-input' | 'address-policy';
  status: 400 | 403 | 422 | 429;
  error: string;
  field?: 'url' | 'headers';
  retryAfterS?: number;
}

export interface Admitted {
  ok: true;
  /** The rate-limit key of the client (an address, a /64, or "unknown"). */
  client: string;
  /** The operator's policy plus the origins this request reached the app on. */
  policy: AddressPolicy;
  /** Deps for runCheck (and anything else that goes out through lib/net) under that policy. */
  engine: CheckDeps;
  /** Runs a check with deps such as `engine` (the guard's runner: the app's worker pool). */
  run: CheckRunner;
}

export type Checked = { ok: true; input: CheckRequest; report: Report; signature: string; client: string } | Refusal;

/**
 * What a live door (the page's stream) hears while its check runs, and its cancel. `admitted` is
 * called once every refusal is past and the engine starts: the door may commit to its answer then.
 * With `signal` aborted, check() rejects with CheckCancelled (lib/check.ts).
 */
export type LiveCheck = Pick<CheckDeps, 'onStep' | 'onVerdict' | 'signal'> & { admitted?: () => void };

export interface Guard {
  admit(request: GuardRequest, action: Action): Promise<Admitted | Refusal>;
  /** Refuse a browser on another site; undefined when the request may go on. */
  crossSite(request: GuardRequest): Refusal | undefined;
  /** The address policy's verdict on a target, as an input error about the URL. */
  target(url: string, admitted: Admitted): Promise<Refusal | undefined>;
  check(request: GuardRequest, input: unknown, live?: LiveCheck): Promise<Checked>;
  /** Sign a report this app produced (Share verifies it). */
  sign(report: Report): string;
}

export function createGuard(config: GuardConfig, deps: GuardDeps): Guard {
  const engine = deps.engine ?? {};
  const run = deps.run ?? runCheck;
  const lookup = engine.outboundOptions?.lookup;
  const stamped = deps.peerStamped ?? peerStampActive;

  const appOrigins = (request: GuardRequest) => [...config.policy.selfOrigins, ...selfOriginsFrom(request.headers)];

  const crossSite = (request: GuardRequest): Refusal | undefined => {
    const why = crossSiteRefusal(request.headers, appOrigins(request));
    return why === undefined ? undefined : { ok: false, reason: 'cross-site', status: 403, error: why };
  };

  const admit = async (request: GuardRequest, action: Action): Promise<Admitted | Refusal> => {
    const refused = crossSite(request);
    if (refused) return refused;
    const client = clientKey(request.headers, config.trustProxy, stamped()).key;
    if (config.limits) {
      const d = await consume(deps.store, config.limits, action, client, (deps.now ?? Date.now)());
      if (!d.ok) return { ok: false, reason: 'rate-limited', status: 429, error: d.message, retryAfterS: d.retryAfterS };
    }
    const policy: AddressPolicy = { ...config.policy, selfOrigins: appOrigins(request) };
    return { ok: true, client, policy, engine: { ...engine, outboundOptions: { ...engine.outboundOptions, policy } }, run };
  };

  const target = async (url: string, admitted: Admitted): Promise<Refusal | undefined> => {
    const v = await judgeTarget(url, admitted.policy, lookup);
    return v.ok ? undefined : { ok: false, reason: 'address-policy', status: 422, error: v.message, field: 'url' };
  };

  const sign = (report: Report) => signReport(report, config.signingKey);

  return {
    admit,
    crossSite,
    target,
    sign,
    async check(request, input, live = {}) {
      // A request from another site is refused before its input is even read.
      const refused = crossSite(request);
      if (refused) return refused;
      // Bad input is answered before it costs the client any of its budget.
      const parsed = parseCheckRequest(input);
      if (!parsed.ok) return { ok: false, reason: 'invalid-input', status: 400, error: parsed.error, ...(parsed.field ? { field: parsed.field } : {}) };
      const admitted = await admit(request, 'check');
      if (!admitted.ok) return admitted;
      const closed = await target(parsed.value.url, admitted);
      if (closed) return closed;
      const { admitted: started, ...hooks } = live;
      started?.();
      const report = await run({ url: parsed.value.url, headers: parsed.value.headers, ...(parsed.value.probes === false ? { probes: false } : {}) }, { ...admitted.engine, ...hooks });
      return { ok: true, input: parsed.value, report, signature: sign(report), client: admitted.client };
    },
  };
}
