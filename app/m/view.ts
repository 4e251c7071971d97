// What the status page, the API and the feed show of a monitor: one function, so the three agree.
import { getMonitor, listEvents, listRuns, type Monitor, type MonitorEvent, type RunSummary } from '@/db/monitors';
import { EXPIRE_AFTER_MS } from '@/db/scheduler';
import type { MonitorResponse } from '@/lib/monitor/api';
import { DAY_MS, HOUR_MS, quantile, uptime } from '@/lib/monitor/stats';
import type { Verdict } from '@/lib/report/schema';

export interface MonitorView {
  monitor: Monitor;
  runs: RunSummary[];
  events: MonitorEvent[];
  now: Date;
  expiresAt: Date;
  uptime: { h24?: number; d7?: number; d30?: number };
  latency: { p50?: number; p95?: number };
}

export async function loadMonitorView(id: string, now = new Date()): Promise<MonitorView | undefined> {
  const monitor = await getMonitor(id);
  if (!monitor) return undefined;
  const [runs, events] = await Promise.all([listRuns(id, new Date(now.getTime() - 30 * DAY_MS)), listEvents(id)]);
  const points = runs.map((r) => ({ checkedAt: r.checkedAt, verdict: r.verdict, durationMs: r.durationMs }));
  const day = points.filter((p) => p.verdict !== 'unreachable' && now.getTime() - p.checkedAt.getTime() <= DAY_MS).map((p) => p.durationMs);
  return {
    monitor,
    runs,
    events,
    now,
    expiresAt: new Date(monitor.managedAt.getTime() + EXPIRE_AFTER_MS),
    uptime: { h24: uptime(points, now, DAY_MS), d7: uptime(points, now, 7 * DAY_MS), d30: uptime(points, now, 30 * DAY_MS) },
    latency: { p50: quantile(day, 0.5), p95: quantile(day, 0.95) },
  };
}

export const runReportPath = (monitorId: string, runId: string) => `/m/${monitorId}/runs/${runId}`;

export function toApi(v: MonitorView, origin: string, recent = 50): MonitorResponse {
  const m = v.monitor;
  return {
    id: m.id,
    url: m.url,
    state: m.state as MonitorResponse['state'],
    ...(m.stateNote ? { stateNote: m.stateNote } : {}),
    intervalSeconds: m.intervalS,
    createdAt: m.createdAt.toISOString(),
    expiresAt: v.expiresAt.toISOString(),
    ...(m.lastVerdict ? { verdict: m.lastVerdict as Verdict } : {}),
    ...(m.lastToolCount !== null ? { toolCount: m.lastToolCount } : {}),
    ...(m.lastRunAt ? { lastRunAt: m.lastRunAt.toISOString() } : {}),
    uptime: { h24: v.uptime.h24 ?? null, d7: v.uptime.d7 ?? null, d30: v.uptime.d30 ?? null },
    latencyMs: { p50: v.latency.p50 ?? null, p95: v.latency.p95 ?? null },
    runs: v.runs.slice(0, recent).map((r) => ({
      id: r.id,
      checkedAt: r.checkedAt.toISOString(),
      verdict: r.verdict,
      durationMs: r.durationMs,
      toolCount: r.toolCount,
      summary: r.summary,
      ...(r.hasReport ? { reportUrl: `${origin}${runReportPath(m.id, r.id)}` } : {}),
    })),
    events: v.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind as 'verdict' | 'drift' | 'paused', title: e.title, security: e.security, detail: e.detail })),
  };
}

export const HOUR = HOUR_MS;
