// The app's rate limits: one store for every door (page action, JSON route), keyed by client.
import 'server-only';
import { consume, FallbackRateLimitStore, limitsFromEnv, type Action, type Decision, type RateLimitStore } from '@/lib/ratelimit';
import { DbRateLimitStore } from '@/db/ratelimit-store';
import { clientKey } from '@/lib/web/client-ip';

// Counted in the database every instance shares; in this process's memory while it is unavailable.
let store: RateLimitStore = new FallbackRateLimitStore(new DbRateLimitStore());

/** For tests and for swapping in the shared store at start-up. */
export function setRateLimitStore(s: RateLimitStore): void {
  store = s;
}

export async function rateLimit(action: Action, headers: Headers): Promise<Decision> {
  const limits = limitsFromEnv(process.env);
  if (!limits) return { ok: true };
  return consume(store, limits, action, clientKey(headers, process.env).key);
}
