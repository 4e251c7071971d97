// Abuse limits per client: fixed windows counted in a store every instance of the app shares (the
// database in production; memory for one process and the tests). Plain TypeScript: the app
// passes the client key in; nothing here knows about requests.

export interface RateLimitStore {
  /**
   * Count one more hit for `key` in the window of `windowMs` that contains `now`, and return the
   * count including this hit. The key already names the window; the store may forget it after
   * `now + windowMs`.
   */
  hit(key: string, windowMs: number, now: number): Promise<number>;
}

export interface Limit {
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface ActionSpec {
  /** The environment variable that overrides the defaults, e.g. "10/min,60/h". */
  env: string;
  defaults: Limit[];
  /** How the refusal names one and many of them. */
  noun: [string, string];
}

/**
 * Every action the app limits, one line each: a new door that starts work on someone else's server
 * adds its action here and calls the guard with it (lib/guard).
 */
export const ACTIONS = {
  check: { env: 'RATE_LIMIT_CHECKS', defaults: [{ max: 10, windowMs: MINUTE }, { max: 60, windowMs: HOUR }], noun: ['check', 'checks'] },
  share: { env: 'RATE_LIMIT_SHARES', defaults: [{ max: 5, windowMs: MINUTE }, { max: 30, windowMs: HOUR }], noun: ['shared report', 'shared reports'] },
  token: { env: 'RATE_LIMIT_TOKENS', defaults: [{ max: 10, windowMs: MINUTE }, { max: 60, windowMs: HOUR }], noun: ['sign-in', 'sign-ins'] },
  // Creating monitors (issue 18); each one also counts against MONITOR_MAX_PER_CLIENT.
  monitor: { env: 'RATE_LIMIT_MONITORS', defaults: [{ max: 5, windowMs: HOUR }, { max: 20, windowMs: 24 * HOUR }], noun: ['new monitor', 'new monitors'] },
  // Tool calls (Try) run someone's tool for real, side effects and all: fewer than checks.
  call: { env: 'RATE_LIMIT_CALLS', defaults: [{ max: 5, windowMs: MINUTE }, { max: 30, windowMs: HOUR }], noun: ['tool call', 'tool calls'] },
} satisfies Record<string, ActionSpec>;

export type Action = keyof typeof ACTIONS;

export type Limits = Record<Action, Limit[]>;

export type Decision = { ok: true } | { ok: false; retryAfterS: number; limit: Limit; message: string };

const actionNames = Object.keys(ACTIONS) as Action[];

export const DEFAULT_LIMITS: Limits = Object.fromEntries(actionNames.map((a) => [a, ACTIONS[a].defaults])) as Limits;

const UNITS: Record<string, number> = { s: 1000, sec: 1000, m: MINUTE, min: MINUTE, h: HOUR, hour: HOUR, d: 24 * HOUR, day: 24 * HOUR };

/** "10/min, 60/h" → limits; undefined when the text is not that shape. */
export function parseLimits(text: string): Limit[] | undefined {
  const out: Limit[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+)$/i.exec(part);
    const unit = m && UNITS[m[3]!.toLowerCase()];
    if (!m || !unit) return undefined;
    out.push({ max: Number(m[1]), windowMs: (m[2] ? Number(m[2]) : 1) * unit });
  }
  return out.length ? out : undefined;
}

/**
 * RATE_LIMIT=off turns limiting off (tests, benchmarks, a private instance); each action's
 * variable (RATE_LIMIT_CHECKS, RATE_LIMIT_SHARES, …) overrides its defaults, e.g. "10/min,60/h".
 * The environment is passed in: lib/ reads none.
 */
export function limitsFromEnv(env: Record<string, string | undefined>): Limits | undefined {
  if (['off', 'false', '0', 'no'].includes((env.RATE_LIMIT ?? '').trim().toLowerCase())) return undefined;
  return Object.fromEntries(
    actionNames.map((a) => {
      const text = env[ACTIONS[a].env];
      return [a, (text && parseLimits(text)) || ACTIONS[a].defaults];
    }),
  ) as Limits;
}

function per(windowMs: number): string {
  if (windowMs === MINUTE) return 'a minute';
  if (windowMs === HOUR) return 'an hour';
  if (windowMs === 24 * HOUR) return 'a day';
  return `per ${Math.round(windowMs / 1000)} s`;
}

function wait(s: number): string {
  return s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

/**
 * Count one attempt against every limit of the action. Refused attempts count too, so a client
 * that keeps hammering does not get its budget back any sooner.
 */
export async function consume(store: RateLimitStore, limits: Limits, action: Action, client: string, now = Date.now()): Promise<Decision> {
  let worst: { limit: Limit; retryAfterS: number } | undefined;
  for (const limit of limits[action]) {
    const start = Math.floor(now / limit.windowMs) * limit.windowMs;
    const count = await store.hit(`${action}|${client}|${limit.windowMs}|${start}`, limit.windowMs, now);
    if (count > limit.max) {
      const retryAfterS = Math.max(1, Math.ceil((start + limit.windowMs - now) / 1000));
      if (!worst || retryAfterS > worst.retryAfterS) worst = { limit, retryAfterS };
    }
  }
  if (!worst) return { ok: true };
  const [one, many] = ACTIONS[action].noun;
  return {
    ok: false,
    ...worst,
    message: `Too many ${many} from your address: at most ${worst.limit.max} ${worst.limit.max === 1 ? one : many} ${per(worst.limit.windowMs)}. Try again in ${wait(worst.retryAfterS)}.`,
  };
}

/** One process's store: right for a single instance and for tests. Old windows are swept as it goes. */
export class MemoryRateLimitStore implements RateLimitStore {
  private counts = new Map<string, { count: number; expires: number }>();
  private lastSweep = 0;

  async hit(key: string, windowMs: number, now: number): Promise<number> {
    if (now - this.lastSweep > 60_000) this.sweep(now);
    const entry = this.counts.get(key);
    if (entry && entry.expires > now) {
      entry.count++;
      return entry.count;
    }
    const start = Math.floor(now / windowMs) * windowMs;
    this.counts.set(key, { count: 1, expires: start + windowMs });
    return 1;
  }

  private sweep(now: number) {
    this.lastSweep = now;
    for (const [k, v] of this.counts) if (v.expires <= now) this.counts.delete(k);
  }
}

/**
 * The shared store, with a process-local one to fall back on while the shared one fails or hangs:
 * limits stay on (per instance) rather than the app refusing every check or allowing unlimited ones.
 */
export class FallbackRateLimitStore implements RateLimitStore {
  private warned = false;

  constructor(
    private readonly primary: RateLimitStore,
    private readonly fallback: RateLimitStore = new MemoryRateLimitStore(),
    private readonly timeoutMs = 2_000,
  ) {}

  async hit(key: string, windowMs: number, now: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.primary.hit(key, windowMs, now),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        console.error(`[mcp-health] rate limits: the shared store failed (${err instanceof Error ? err.message : String(err)}); counting in this process only`);
      }
      return this.fallback.hit(key, windowMs, now);
    } finally {
      clearTimeout(timer);
    }
  }
}
