// Monitor settings from the environment (README, Configuration). Every value has a default that
// suits the public app; self-hosting and the tests lower the interval and speed up the tick.
type Env = Record<string, string | undefined>;

export interface MonitorConfig {
  /** The scheduler runs in this process (MONITORS=off turns it off, e.g. for a web-only instance). */
  enabled: boolean;
  /** Shortest interval a monitor may ask for, seconds (MONITOR_MIN_INTERVAL, default 300). */
  minIntervalS: number;
  /** Interval when none is given, seconds (default 900, never below the minimum). */
  defaultIntervalS: number;
  maxIntervalS: number;
  /** How often the scheduler looks for due monitors (MONITOR_TICK_MS, default 5000). */
  tickMs: number;
  /** Checks at once per instance (MONITOR_MAX_CONCURRENT, default 2). */
  maxConcurrent: number;
  /** Monitors per client, active or paused (MONITOR_MAX_PER_CLIENT, default 5). */
  maxPerClient: number;
  /** How long a claim lasts before another instance may take the monitor over (MONITOR_LEASE_MS, default 120000: four check budgets). */
  leaseMs: number;
}

function int(v: string | undefined, fallback: number, min: number): number {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) && n >= min ? Math.floor(n) : fallback;
}

export function monitorConfig(env: Env = process.env): MonitorConfig {
  const minIntervalS = int(env.MONITOR_MIN_INTERVAL, 300, 1);
  return {
    enabled: !['off', 'false', '0', 'no'].includes((env.MONITORS ?? '').trim().toLowerCase()),
    minIntervalS,
    defaultIntervalS: Math.max(minIntervalS, 900),
    maxIntervalS: 7 * 24 * 3600,
    tickMs: int(env.MONITOR_TICK_MS, 5_000, 50),
    maxConcurrent: int(env.MONITOR_MAX_CONCURRENT, 2, 1),
    maxPerClient: int(env.MONITOR_MAX_PER_CLIENT, 5, 1),
    leaseMs: int(env.MONITOR_LEASE_MS, 120_000, 1_000),
  };
}
