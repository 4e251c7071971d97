'use client';
import { useEffect, useState } from 'react';

type Monitor = { state: string; intervalSeconds: number; stateNote?: string; url: string; expiresAt: string };
type State = { kind: 'loading' } | { kind: 'ready'; monitor: Monitor } | { kind: 'error'; message: string } | { kind: 'deleted' };

/** One API call with the token from the fragment; the new state to show. */
async function request(id: string, method: 'PATCH' | 'DELETE', body?: object): Promise<State> {
  const token = window.location.hash.slice(1);
  try {
    const res = await fetch(`/api/monitors/${id}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (res.status === 204) return { kind: 'deleted' };
    const json = (await res.json().catch(() => ({}))) as Monitor & { error?: string };
    if (!res.ok) return { kind: 'error', message: json.error ?? `HTTP ${res.status}` };
    return { kind: 'ready', monitor: json };
  } catch {
    return { kind: 'error', message: 'The app did not answer; try again in a moment.' };
  }
}

export function ManagePanel({ id }: { id: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [interval, setIntervalS] = useState('');
  const apply = (next: State) => {
    if (next.kind === 'ready') setIntervalS(String(next.monitor.intervalSeconds));
    setState(next);
  };
  const call = (method: 'PATCH' | 'DELETE', body?: object) => void request(id, method, body).then(apply);

  // Opening the manage link counts as a visit: an empty PATCH restarts the 90-day clock.
  useEffect(() => {
    let live = true;
    void request(id, 'PATCH', {}).then((next) => {
      if (!live) return;
      if (next.kind === 'ready') setIntervalS(String(next.monitor.intervalSeconds));
      setState(next);
    });
    return () => {
      live = false;
    };
  }, [id]);
  if (state.kind === 'loading') return <p>Loading…</p>;
  if (state.kind === 'deleted') return <p role="status">Deleted. The status page and badge are gone.</p>;
  if (state.kind === 'error') return <p className="form-error" role="alert">{state.message}</p>;
  const m = state.monitor;
  return (
    <section className="report" aria-labelledby="manage-title">
      <h1 id="manage-title">Manage monitor</h1>
      <p>
        <span className="url">{m.url}</span> · {m.state} · <a href={`/m/${id}`}>status page</a>
      </p>
      {m.stateNote ? <p className="muted">{m.stateNote}</p> : null}
      <p className="muted small">Keep this link private: it is the only key to this monitor. Visiting it keeps the monitor from expiring (next expiry {new Date(m.expiresAt).toUTCString()}).</p>
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
        <button type="button" onClick={() => call('PATCH', { paused: m.state === 'active' ? true : false })}>
          {m.state === 'active' ? 'Pause' : 'Resume'}
        </button>{' '}
        <button type="button" onClick={() => call('DELETE')}>
          Delete
        </button>
      </p>
    </section>
  );
}
