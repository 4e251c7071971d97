// What the guard needs to know about this deployment, as plain values. lib/ reads no environment
// variables: a door (app/guard.ts for the web app) builds this once, from whatever it is given.
import { limitsFromEnv, type Limits } from '../ratelimit';
import { policyFromEnv, type AddressPolicy } from '../net/policy';
import { signingKey } from '../report/sign';
import { trustProxyFromEnv, type TrustProxy } from '../web/client-ip';

export interface GuardConfig {
  /** Per-client limits per action; undefined turns limiting off (RATE_LIMIT=off). */
  limits: Limits | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed; undefined: none, the socket address counts. */
  trustProxy: TrustProxy;
  /**
   * The operator's address policy (ALLOW_PRIVATE_NETWORKS, ALLOW_HOSTS, APP_ORIGIN / PUBLIC_URL and
   * the app's own port). Each request adds the origins it reached the app on; nothing loosens it.
   */
  policy: AddressPolicy;
  /** The key that signs reports, so Share accepts only what this app produced (lib/report/sign). */
  signingKey: Buffer;
}

type Env = Record<string, string | undefined>;

/** The guard's configuration from an environment the caller passes in (the app: process.env, once). */
export function guardConfig(env: Env): GuardConfig {
  // The port this process listens on is the app too, on every loopback address.
  const ownPort = env.PORT && /^\d+$/.test(env.PORT) ? [`http://127.0.0.1:${env.PORT}`] : [];
  return {
    limits: limitsFromEnv(env),
    trustProxy: trustProxyFromEnv(env),
    policy: policyFromEnv(env, { selfOrigins: ownPort }),
    signingKey: signingKey(env),
  };
}
