'use client';
import { useEffect, useState } from 'react';
import { formatDateTime } from '@/app/dates';

type Monitor = { state: string; intervalSeconds: number; stateNote?: string; url: string; expiresAt: string };
/** What the last call said: the monitor as it now is, or why the call failed (the form stays). */
type Answer = { kind: 'ready'; monitor: Monitor } | { kind: 'error'; message: string } | { kind: 'deleted' };

/** The API's refusal in words for the person holding the link (the API's own text speaks of headers). */
function refusal(status: number, apiMessage: string | undefined): string {
  if (status === 401) return 'This manage link does not hold the key of this monitor. Use the whole link you were given when you started watching; it is shown only once.';
  if (status === 404) return 'No monitor has this id: it may have been deleted.';
  return apiMessage ?? `The app answered HTTP ${status}.`;
}

/** One API call with the token from the fragment. */
async function request(id: string, method: 'PATCH' | 'DELETE', body?: object): Promise<Answer> {
  const token = window.location.hash.slice(1);
  try {
    const res = await fetch(`/api/monitors/${id}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (res.status === 204) return { kind: 'deleted' };
    const json = (await res.json().catch(() => ({}))) as Monitor & { error?: string };
    if (!res.ok) return { kind: 'error', message: refusal(res.status, json.error) };
    return { kind: 'ready', monitor: json };
  } catch {
    return { kind: 'error', message: 'The app did not answer; try again in a moment.' };
  }
}

export function ManagePanel({ id }: { id: string }) {
  const [monitor, setMonitor] = useState<Monitor | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [deleted, setDeleted] = useState(false);
  const [loading, setLoading] = useState(true);
  const [interval, setIntervalS] = useState('');
  // A failed call keeps the form and what the person typed: only the message is new.
  const apply = (next: Answer) => {
    setLoading(false);
    if (next.kind === 'deleted') return setDeleted(true);
    if (next.kind === 'error') return setProblem(next.message);
    setProblem(undefined);
    setMonitor(next.monitor);
    setIntervalS(String(next.monitor.intervalSeconds));
  };
  const call = (method: 'PATCH' | 'DELETE', body?: object) => void request(id, method, body).then(apply);

  // Opening the manage link counts as a visit: an empty PATCH restarts the 90-day clock.
  useEffect(() => {
    let live = true;
    void request(id, 'PATCH', {}).then((next) => {
      if (live) apply(next);
    });
    return () => {
      live = false;
    };
  }, [id]);
  if (loading) return <p>Loading…</p>;
  if (deleted) return <p role="status">Deleted. The status page and badge are gone.</p>;
  const alert = problem ? (
    <p className="form-error" role="alert" data-testid="manage-error">
      {problem}
    </p>
  ) : null;
  if (!monitor) return alert;
  const m = monitor;
  return (
    <section className="report" aria-labelledby="manage-title">
      <h1 id="manage-title">Manage monitor</h1>
      <p>
        <span className="url">{m.url}</span> · <span data-testid="manage-state">{m.state}</span> · <a href={`/m/${id}`}>status page</a>
      </p>
      {m.stateNote ? <p className="muted">{m.stateNote}</p> : null}
      <p className="muted small">Keep this link private: it is the only key to this monitor. Visiting it keeps the monitor from expiring (next expiry {formatDateTime(new Date(m.expiresAt))}).</p>
      {alert}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          call('PATCH', { intervalSeconds: Number(interval) });
        }}
      >
        <label htmlFor="interval">Interval (seconds)</label>{' '}
        <input id="interval" inputMode="numeric" value={interval} onChange={(e) => setIntervalS(e.target.value)} /> <button type="submit">Save</button>
      </form>
      <p>
        <button type="button" onClick={() => call('PATCH', { paused: m.state === 'active' })}>
          {m.state === 'active' ? 'Pause' : 'Resume'}
        </button>{' '}
        <button type="button" onClick={() => call('DELETE')}>
          Delete
        </button>
      </p>
    </section>
  );
}
