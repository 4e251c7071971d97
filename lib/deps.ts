// The engine's outside world for the app, the CLI and the tests, in one place.
import type { CheckDeps } from './check';
import type { Resolver } from './net/pinned';
import { policyFromEnv, type AddressPolicy } from './net/policy';

export interface EngineOptions extends Partial<CheckDeps> {
  /** Let checks reach loopback and private addresses (operator opt-in; the test suite). */
  allowPrivate?: boolean;
  /** More hosts or CIDRs that may be private (added to ALLOW_HOSTS). */
  allowHosts?: string[];
  /** Origins of this app (added to APP_ORIGIN), e.g. the Host a request came in on. */
  selfOrigins?: string[];
  /** DNS resolver (tests make names resolve where they need). */
  lookup?: Resolver;
  /** Last check on every socket's address (tests: loopback only). */
  connectGuard?: (address: string) => boolean;
  /** Where the operator's settings come from; process.env unless a test says otherwise. */
  env?: Record<string, string | undefined>;
}

/**
 * The address policy comes from the environment (ALLOW_PRIVATE_NETWORKS, ALLOW_HOSTS, APP_ORIGIN)
 * and is closed when nothing is set. Options add to it; only `allowPrivate` can open it, and only
 * callers that are themselves operator-controlled (tests, the CLI's flag) pass that.
 */
export function appPolicy(opts: Pick<EngineOptions, 'allowPrivate' | 'allowHosts' | 'selfOrigins' | 'env'> = {}): AddressPolicy {
  const env = opts.env ?? process.env;
  const selfOrigins = [...(opts.selfOrigins ?? [])];
  // The port this process listens on is the app too, on every loopback address.
  if (env.PORT && /^\d+$/.test(env.PORT)) selfOrigins.push(`http://127.0.0.1:${env.PORT}`);
  return policyFromEnv(env, {
    ...(opts.allowPrivate !== undefined ? { allowPrivate: opts.allowPrivate } : {}),
    allowHosts: opts.allowHosts ?? [],
    selfOrigins,
  });
}

export function engineDeps(opts: EngineOptions = {}): CheckDeps {
  const { allowPrivate, allowHosts, selfOrigins, env, lookup, connectGuard, ...rest } = opts;
  const policy = appPolicy({ allowPrivate, allowHosts, selfOrigins, env });
  return {
    ...rest,
    outboundOptions: { ...rest.outboundOptions, ...(lookup ? { lookup } : {}), ...(connectGuard ? { connectGuard } : {}), policy: rest.outboundOptions?.policy ?? policy },
  };
}
