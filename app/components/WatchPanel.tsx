'use client';
// "Watch this server", on every report (live or shared): a monitor checks the URL on a schedule
// (POST /api/monitors, through the same guard as every door) and gives a public status page, a
// README badge and a private manage link, shown once. Monitors never get the headers typed for
// the check: a protected server is watched up to its auth surface, and the panel says so.
import { useId, useState } from 'react';
import type { Report } from '@/lib/report/schema';
import { CopyButton } from './CopyButton';

const INTERVALS: Array<[number, string]> = [
  [300, 'every 5 minutes'],
  [900, 'every 15 minutes'],
  [3600, 'every hour'],
  [86400, 'every day'],
];

type Created = { id: string; statusUrl: string; badgeUrl: string; manageUrl: string; intervalSeconds: number };
type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'created'; monitor: Created } | { kind: 'error'; message: string };

export function WatchPanel({ report }: { report: Pick<Report, 'url' | 'verdict' | 'transport'> }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [interval, setIntervalSeconds] = useState(900);
  const [webhook, setWebhook] = useState('');
  const hookId = useId();
  if (report.transport === 'stdio') return null; // a local process: nothing the app could reach

  const watch = async () => {
    setState({ kind: 'busy' });
    try {
      const res = await fetch('/api/monitors', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: report.url, intervalSeconds: interval, ...(webhook.trim() ? { webhookUrl: webhook.trim() } : {}) }),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<Created> & { error?: string };
      if (res.status === 201 && body.statusUrl && body.badgeUrl && body.manageUrl && body.id) setState({ kind: 'created', monitor: body as Created });
      else setState({ kind: 'error', message: body.error ?? `The monitor could not be created (HTTP ${res.status}).` });
    } catch {
      setState({ kind: 'error', message: 'The app did not answer. Try again in a moment.' });
    }
  };

  if (state.kind === 'created') {
    const m = state.monitor;
    const badge = `[![MCP health](${m.badgeUrl})](${m.statusUrl})`;
    return (
      <section className="watch" aria-labelledby="watch-title" data-testid="watch-created">
        <h3 id="watch-title">Watching this server</h3>
        <p>
          Checked {INTERVALS.find(([s]) => s === m.intervalSeconds)?.[1] ?? `every ${m.intervalSeconds} s`}. Status page: <a href={m.statusUrl}>{m.statusUrl}</a>
        </p>
        <p>
          README badge: <code className="badge-md">{badge}</code> <CopyButton text={badge} label="Copy badge Markdown" />
        </p>
        <p role="note" className="watch-secret">
          <strong>Manage link, shown once:</strong> <a href={m.manageUrl}>{m.manageUrl}</a> <CopyButton text={m.manageUrl} label="Copy manage link" />
          <br />
          <span className="muted small">Keep it: it is the only way to change, pause or delete this monitor, and it is not stored anywhere we can show it again.</span>
        </p>
      </section>
    );
  }

  return (
    <details className="watch">
      <summary>Watch this server</summary>
      <p className="muted small">
        Checks it on a schedule, with a public status page, a README badge and alerts when the verdict or the tools change (Atom feed, optional webhook).
        {report.verdict === 'auth-required'
          ? ' Monitors never store credentials: this server is watched up to its sign-in (the 401 challenge and its metadata).'
          : ' The headers you typed for this check are not given to the monitor.'}
      </p>
      <div className="watch-form">
        <label>
          Interval{' '}
          <select value={interval} onChange={(e) => setIntervalSeconds(Number(e.target.value))}>
            {INTERVALS.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={hookId}>Webhook (optional)</label>
        <input id={hookId} type="url" inputMode="url" placeholder="https://…" value={webhook} onChange={(e) => setWebhook(e.target.value)} />
        <button type="button" className="button" onClick={watch} disabled={state.kind === 'busy'}>
          {state.kind === 'busy' ? 'Starting…' : 'Start watching'}
        </button>
      </div>
      {state.kind === 'error' ? (
        <p role="alert" className="error">
          {state.message}
        </p>
      ) : null}
    </details>
  );
}
