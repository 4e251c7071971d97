// What one run of a monitor changes: its state (last verdict, surface, DOWN streak) and the events
// to record and alert on. Pure: the scheduler passes the previous state and the fresh report in.
import type { Report, Verdict } from '../report/schema';
import { VERDICT_LABEL } from '../report/summary';
import { diffSurfaces, driftTitle, type Change } from './drift';
import { fingerprint, surfaceOf, type Surface } from './surface';

export const PAUSE_AFTER_DOWN_MS = 7 * 24 * 3_600_000;

export interface MonitorState {
  lastVerdict: string | null;
  surface: string | null;
  surfaceHash: string | null;
  downSince: number | null;
}

export interface NewEvent {
  kind: 'verdict' | 'drift' | 'paused';
  title: string;
  detail: unknown;
  security: boolean;
}

export interface Outcome {
  state: { lastVerdict: Verdict; lastToolCount: number; surface: string | null; surfaceHash: string | null; downSince: number | null };
  /** Set when the run pauses the monitor (DOWN for 7 days). */
  pause?: string;
  events: NewEvent[];
}

function parseSurface(json: string | null): Surface | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as Surface;
  } catch {
    return undefined;
  }
}

export function runOutcome(prev: MonitorState, report: Report, now: Date, pauseAfterDownMs = PAUSE_AFTER_DOWN_MS): Outcome {
  const events: NewEvent[] = [];
  const verdict = report.verdict;
  if (prev.lastVerdict && prev.lastVerdict !== verdict) {
    const from = VERDICT_LABEL[prev.lastVerdict as Verdict] ?? prev.lastVerdict;
    events.push({ kind: 'verdict', title: `${from} → ${VERDICT_LABEL[verdict]}: ${report.summary}`, detail: { from: prev.lastVerdict, to: verdict, summary: report.summary }, security: false });
  }
  // A server that is DOWN shows no surface: keep the last one, so its return is compared with what it was.
  let surface = prev.surface;
  let surfaceHash = prev.surfaceHash;
  const seen = surfaceOf(report);
  if (seen) {
    const hash = fingerprint(seen);
    const before = parseSurface(prev.surface);
    if (before && prev.surfaceHash !== hash) {
      const changes: Change[] = diffSurfaces(before, seen);
      if (changes.length) {
        events.push({ kind: 'drift', title: driftTitle(changes), detail: { changes }, security: changes.some((c) => c.security) });
      }
    }
    surface = JSON.stringify(seen);
    surfaceHash = hash;
  }
  const downSince = verdict === 'unreachable' ? (prev.downSince ?? now.getTime()) : null;
  let pause: string | undefined;
  if (downSince !== null && now.getTime() - downSince >= pauseAfterDownMs) {
    pause = `Paused: DOWN without a break since ${new Date(downSince).toISOString().slice(0, 16).replace('T', ' ')} UTC. Resume it from the manage link once the server is back.`;
    events.push({ kind: 'paused', title: pause, detail: { downSince: new Date(downSince).toISOString() }, security: false });
  }
  return { state: { lastVerdict: verdict, lastToolCount: report.tools.length, surface, surfaceHash, downSince }, ...(pause ? { pause } : {}), events };
}
