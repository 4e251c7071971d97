// The app's rate limits: one store for every door (page action, JSON route), keyed by client.
import 'server-only';
import { consume, limitsFromEnv, MemoryRateLimitStore, type Action, type Decision, type RateLimitStore } from '@/lib/ratelimit';
import { clientKey } from '@/lib/web/client-ip';

// One process's counts. Several instances behind a balancer need the shared (database) store.
let store: RateLimitStore = new MemoryRateLimitStore();

/** For tests and for swapping in the shared store at start-up. */
export function setRateLimitStore(s: RateLimitStore): void {
  store = s;
}

export async function rateLimit(action: Action, headers: Headers): Promise<Decision> {
  const limits = limitsFromEnv(process.env);
  if (!limits) return { ok: true };
  return consume(store, limits, action, clientKey(headers, process.env).key);
}
