// Small, dependency-free statistics for the bench. Percentiles use the nearest-rank method, so every
// figure printed is a value that was actually measured.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const ms = (v: number): string => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '—');
export const mib = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;
export const ratio = (v: number): string => `${v.toFixed(2)}×`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Samples RSS every `everyMs` (unref'd) and keeps the peak. */
export function rssSampler(everyMs = 10): { peak(): number; stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    const now = process.memoryUsage.rss();
    if (now > peak) peak = now;
  }, everyMs);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak;
    },
  };
}
