// Uptime and latency figures for a monitor's status page and API, from its runs.
import type { Verdict } from '../report/schema';

export interface RunPoint {
  checkedAt: Date;
  verdict: Verdict;
  durationMs: number;
}

/**
 * Share of runs in the window that were up. Up means the server answered as an MCP server or, for
 * a protected server (watched without credentials), that its auth surface answered: healthy,
 * partial and auth-required. Undefined when there was no run in the window.
 */
export function uptime(runs: RunPoint[], now: Date, windowMs: number): number | undefined {
  const inWindow = runs.filter((r) => now.getTime() - r.checkedAt.getTime() <= windowMs);
  if (!inWindow.length) return undefined;
  return inWindow.filter((r) => r.verdict !== 'unreachable').length / inWindow.length;
}

/** The q-quantile (0..1) by nearest rank, or undefined for no values. */
export function quantile(values: number[], q: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface LatencyBucket {
  start: Date;
  p50: number;
  p95: number;
  count: number;
}

/** p50/p95 of run durations per bucket of `bucketMs`, oldest first, over runs that got an answer. */
export function latencyBuckets(runs: RunPoint[], bucketMs: number): LatencyBucket[] {
  const groups = new Map<number, number[]>();
  for (const r of runs) {
    if (r.verdict === 'unreachable') continue;
    const k = Math.floor(r.checkedAt.getTime() / bucketMs) * bucketMs;
    const list = groups.get(k) ?? [];
    list.push(r.durationMs);
    groups.set(k, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, v]) => ({ start: new Date(k), p50: quantile(v, 0.5)!, p95: quantile(v, 0.95)!, count: v.length }));
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
