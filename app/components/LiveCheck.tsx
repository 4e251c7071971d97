'use client';
// A check while it runs (issue 17, "live steps"): the rows the engine has finished, the time so far,
// the verdict as soon as it is known, and Cancel. When the check was cancelled it says so and shows
// the rows that finished; it never shows a verdict the engine did not reach.
import { useEffect, useState } from 'react';
import type { KnownVerdict } from '@/lib/check';
import type { Step } from '@/lib/report/schema';
import { VERDICT_LABEL } from '@/lib/report/summary';
import { StepTable } from './StepTable';

export interface LiveState {
  url: string;
  /** performance.now() when the check was sent. */
  startedAt: number;
  steps: Step[];
  verdict?: KnownVerdict;
  /** Set when the person cancelled: the time it ran, in ms. */
  cancelledAfterMs?: number;
}

/** The report's order: by start time (rows finish in any order). */
export function addStep(steps: Step[], step: Step): Step[] {
  const next = [...steps, step];
  return next.sort((a, b) => a.startMs - b.startMs);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}\u00a0s`;

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const tick = () => setNow(performance.now());
    tick();
    const t = setInterval(tick, 100);
    return () => clearInterval(t);
  }, [since]);
  return (
    <span className="elapsed" role="timer" aria-live="off" aria-label="Time so far">
      {seconds(now - since)}
    </span>
  );
}

export function LiveCheck({ live, onCancel }: { live: LiveState; onCancel?: () => void }) {
  const after = live.cancelledAfterMs;
  const cancelled = after !== undefined;
  const v = live.verdict;
  const headline = cancelled
    ? v
      ? `Cancelled after ${seconds(after)}, before the clean-up finished.`
      : `Cancelled after ${seconds(after)}: no verdict, the check did not finish.`
    : v
      ? 'Verdict known · finishing the clean-up and side probes…'
      : 'Checking…';
  return (
    <section className={`report live${cancelled ? ' cancelled' : ''}`} aria-label={cancelled ? 'Cancelled check' : 'Check in progress'} data-live={cancelled ? 'cancelled' : 'running'}>
      <header className="report-head">
        {v ? (
          <span className={`chip chip-${v.verdict}`} data-live-verdict={v.verdict}>
            {VERDICT_LABEL[v.verdict]}
          </span>
        ) : (
          <span className="chip chip-pending" aria-hidden="true">
            {cancelled ? '—' : '…'}
          </span>
        )}
        <div className="report-main">
          <p className="summary">
            {headline} {cancelled ? null : <Elapsed since={live.startedAt} />}
          </p>
          <p className="muted target">
            <span className="url">{live.url}</span>
            {v ? ` · verdict known after\u00a0${seconds(v.afterMs)}` : null} · {live.steps.length} step{live.steps.length === 1 ? '' : 's'} finished
          </p>
        </div>
        {onCancel && !cancelled ? (
          <div className="report-actions">
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        ) : null}
      </header>
      {live.steps.length ? (
        <section aria-labelledby="live-steps-title">
          <h3 id="live-steps-title">Steps</h3>
          <StepTable steps={live.steps} />
        </section>
      ) : (
        <p className="muted live-waiting">{cancelled ? 'No step had finished.' : 'Waiting for the first answer…'}</p>
      )}
    </section>
  );
}
