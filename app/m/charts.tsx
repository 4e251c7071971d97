// The status page's two pictures, as inline SVG rendered on the server (no chart library, no
// script): latency p50/p95 over time and the verdict timeline. Each has a text alternative.
import type { RunSummary } from '@/db/monitors';
import { latencyBuckets } from '@/lib/monitor/stats';
import { VERDICT_LABEL } from '@/lib/report/summary';
import { formatDateTime } from '@/app/r/shared';

const W = 640;
const H = 160;
const PAD = { l: 4, r: 4, t: 6, b: 6 };

export function LatencyChart({ runs, now }: { runs: RunSummary[]; now: Date }) {
  const points = runs.map((r) => ({ checkedAt: r.checkedAt, verdict: r.verdict, durationMs: r.durationMs }));
  if (!points.length) return <p className="muted">No runs yet.</p>;
  const first = Math.min(...points.map((p) => p.checkedAt.getTime()));
  // About 48 points across whatever span the runs cover, never finer than one run apart.
  const bucketMs = Math.max(1_000, Math.ceil((now.getTime() - first) / 48));
  const buckets = latencyBuckets(points, bucketMs);
  if (!buckets.length) return <p className="muted">No answered runs to chart yet.</p>;
  const t0 = buckets[0]!.start.getTime();
  const t1 = Math.max(t0 + bucketMs, buckets[buckets.length - 1]!.start.getTime());
  const max = Math.max(1, ...buckets.map((b) => b.p95));
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - v / max) * (H - PAD.t - PAD.b);
  const line = (k: 'p50' | 'p95') => buckets.map((b) => `${x(b.start.getTime()).toFixed(1)},${y(b[k]).toFixed(1)}`).join(' ');
  const last = buckets[buckets.length - 1]!;
  // The SVG stretches to the card's width; labels are HTML beside it, so they never stretch with it.
  return (
    <figure className="chart">
      <div className="chart-plot">
        <span className="tick tick-max">{`${max} ms`}</span>
        <span className="tick tick-zero">0</span>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="latency-desc" preserveAspectRatio="none" data-testid="latency-chart">
          <desc id="latency-desc">{`Check duration over time: latest p50 ${last.p50} ms, p95 ${last.p95} ms; highest p95 ${max} ms.`}</desc>
          <line x1={0} x2={W} y1={y(0)} y2={y(0)} className="axis" />
          <line x1={0} x2={W} y1={y(max)} y2={y(max)} className="grid" />
          <polyline points={line('p95')} className="p95" fill="none" />
          <polyline points={line('p50')} className="p50" fill="none" />
        </svg>
      </div>
      <figcaption className="muted small">
        From <time dateTime={new Date(t0).toISOString()}>{formatDateTime(new Date(t0))}</time> to now.
        <span className="key key-p50" aria-hidden="true" /> p50 <span className="key key-p95" aria-hidden="true" /> p95 of the whole check&apos;s duration, answered runs only.
      </figcaption>
    </figure>
  );
}

/** Newest on the right, like a status page's bar of days. */
export function VerdictTimeline({ runs }: { runs: RunSummary[] }) {
  const recent = runs.slice(0, 90).reverse();
  if (!recent.length) return null;
  const w = 8;
  return (
    <svg className="timeline" viewBox={`0 0 ${recent.length * w} 24`} role="img" aria-label={`Verdicts of the last ${recent.length} runs, oldest first: ${recent.map((r) => VERDICT_LABEL[r.verdict]).join(', ')}`} data-testid="verdict-timeline" preserveAspectRatio="none">
      {recent.map((r, i) => (
        <rect key={r.id} x={i * w + 1} y={0} width={w - 2} height={24} className={`tl-${r.verdict}`}>
          <title>{`${formatDateTime(r.checkedAt)}: ${VERDICT_LABEL[r.verdict]} — ${r.summary}`}</title>
        </rect>
      ))}
    </svg>
  );
}
