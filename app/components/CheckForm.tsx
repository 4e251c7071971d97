'use client';
// The form: URL, optional headers, Check. Streams the check from POST /api/check (check-stream.ts):
// rows appear as they finish, then the verdict, then the report in place.
import { useEffect, useId, useRef, useState } from 'react';
import type { Report, Tool } from '@/lib/report/schema';
import { headersFromPairs } from '@/lib/header-pairs';
import { callAction, restoreReport } from '@/app/actions';
import { TryTool } from './TryTool';
import { ReportView } from './ReportView';
import { LiveCheck, addStep, type LiveState } from './LiveCheck';
import { streamCheck } from './check-stream';
import { AuthActions } from './AuthActions';
import { useTokenFlow, withBearer, type HandedTrail } from './useTokenFlow';
import { SharePanel } from './SharePanel';

const SAMPLES = ['https://mcp.deepwiki.com/mcp', 'https://remote.mcpservers.org/fetch/mcp', 'https://docs.mcp.cloudflare.com/mcp'];

type Row = { id: number; name: string; value: string };

/** When a check starts and is cancelled (event handlers only; the live view's counter reads it too). */
const clock = () => performance.now();

/** `intro` (what the check does, the FAQ) shows until the first check starts. */
export function CheckForm({ initialUrl, intro }: { initialUrl: string; intro?: React.ReactNode }) {
  const [url, setUrl] = useState(initialUrl);
  const [rows, setRows] = useState<Row[]>([]);
  const [probes, setProbes] = useState(true);
  // `field`: the input the error is about (the URL refused by the address policy, a bad header);
  // the error is shown beside it and the input is marked invalid.
  const [error, setError] = useState<{ message: string; field?: 'url' | 'headers' } | null>(null);
  const [result, setResult] = useState<{ report: Report; signature: string } | null>(null);
  // The check in flight (or the one just cancelled) and its cancel.
  const [live, setLive] = useState<LiveState | null>(null);
  const running = live !== null && live.cancelledAfterMs === undefined;
  const inFlight = useRef<AbortController | null>(null);
  const nextId = useRef(1);
  const urlId = useId();
  const errorId = useId();

  const addRow = (name = '', value = '') => {
    const id = nextId.current++;
    setRows((r) => [...r, { id, name, value }]);
    return id;
  };

  // The value input to focus once its row is rendered ("Paste a token").
  const focusRow = useRef<number | null>(null);
  const focusOnMount = (id: number) => (el: HTMLInputElement | null) => {
    if (el && focusRow.current === id) {
      focusRow.current = null;
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    }
  };
  const pasteToken = () => {
    const existing = rows.find((r) => r.name.trim().toLowerCase() === 'authorization');
    if (existing) {
      document.getElementById(`${urlId}-value-${existing.id}`)?.focus();
      return;
    }
    const id = nextId.current;
    focusRow.current = id;
    // Empty: the placeholder shows the form ("Bearer …"); a prefilled value would be pasted after.
    addRow('Authorization', '');
  };
  // Header values are hidden as typed; a person can show one to check what they pasted.
  const [shown, setShown] = useState<Set<number>>(new Set());
  const toggleShown = (id: number) =>
    setShown((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const oauth = useTokenFlow({
    snapshot: () => ({ url: result?.report.url ?? url, rows: rows.map((r) => [r.name, r.value]), report: result?.report ?? null, ...(result ? { signature: result.signature } : {}) }),
    onResume: (back) => {
      setUrl(back.url);
      const pairs = back.accessToken !== undefined ? withBearer(back.rows, back.accessToken) : back.rows;
      const restored = pairs.map(([name, value]) => ({ id: nextId.current++, name, value }));
      setRows(restored);
      // With a token: check again at once. Without (an error, or Back): show the report it left from.
      if (back.report && back.accessToken === undefined) setResult({ report: back.report, signature: back.signature ?? '' });
      else if (back.url) run(back.url, restored, back.trail);
    },
    pasteToken,
    onTrail: setResult,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    oauth.clearNotice();
    run(url, rows);
  };

  // After a call, move focus to its result (it renders under the tools).
  const focusCall = useRef<number | null>(null);
  useEffect(() => {
    if (focusCall.current === null) return;
    const el = document.querySelector<HTMLElement>(`[data-call="${focusCall.current}"]`);
    focusCall.current = null;
    el?.focus();
    el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [result]);

  const tryTool = (tool: Tool) =>
    result ? (
      <TryTool
        tool={tool}
        target={result.report.url}
        run={async (args) => {
          const res = await callAction({ report: result.report, signature: result.signature, tool: tool.name, arguments: args, headers: rows.map((r) => [r.name, r.value]) });
          if (!res.ok) return res.error;
          focusCall.current = res.call.n;
          setResult({ report: res.report, signature: res.signature });
          return null;
        }}
      />
    ) : null;

  function run(checkUrl: string, checkRows: Row[], trail?: HandedTrail) {
    setError(null);
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLive({ url: checkUrl.trim(), startedAt: clock(), steps: [] });
    const mine = (update: (l: LiveState) => LiveState) => setLive((l) => (l && inFlight.current === controller ? update(l) : l));
    void (async () => {
      const out = await streamCheck({ url: checkUrl, headers: headersFromPairs(checkRows.map((r) => [r.name, r.value])), ...(probes ? {} : { probes: false }) }, controller.signal, {
        step: (step) => mine((l) => ({ ...l, steps: addStep(l.steps, step) })),
        verdict: (verdict) => mine((l) => ({ ...l, verdict })),
      });
      if (inFlight.current !== controller) return; // a newer check took over
      inFlight.current = null;
      if (out.kind === 'cancelled') return oauth.recheckDone(null);
      if (out.kind === 'refused') {
        setLive(null);
        setError({ message: out.error, ...(out.field ? { field: out.field } : {}) });
        return oauth.recheckDone(null);
      }
      // The check that uses a new token carries the trail of getting it, in front of its own steps.
      const checked = (trail ? await restoreReport({ report: out.report, signature: out.signature, trail }) : null) ?? { report: out.report, signature: out.signature };
      setLive(null);
      setResult(checked);
      oauth.recheckDone(checked.report);
    })();
  }

  // Cancel: the stream closes, the app aborts the check (nothing more is sent to the server).
  const cancel = () => {
    inFlight.current?.abort();
    setLive((l) => l && { ...l, cancelledAfterMs: clock() - l.startedAt });
  };

  return (
    <>
      <form className="check" onSubmit={submit} noValidate aria-describedby={error && error.field !== 'url' ? errorId : undefined}>
        <label htmlFor={urlId}>MCP server URL</label>
        <div className="url-row">
          <input
            id={urlId}
            name="url"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://example.com/mcp"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={error && error.field !== 'headers' ? true : undefined}
            aria-describedby={error?.field === 'url' ? errorId : undefined}
          />
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Checking…' : 'Check'}
          </button>
        </div>
        {error?.field === 'url' ? (
          <p id={errorId} role="alert" className="form-error" data-field="url">
            {error.message}
          </p>
        ) : null}
        <p className="samples">
          Try:{' '}
          {SAMPLES.map((s) => (
            <button
              key={s}
              type="button"
              className="link"
              onClick={() => {
                // A sample is a one-click demo: fill the field and run the check.
                setUrl(s);
                oauth.clearNotice();
                run(s, rows);
              }}
            >
              {new URL(s).host}
            </button>
          ))}
        </p>
        <label className="probes-toggle small">
          <input type="checkbox" name="probes" checked={probes} onChange={(e) => setProbes(e.target.checked)} /> Conformance probes (a few extra requests: foreign Origin,
          malformed requests, session ids)
        </label>
        <fieldset className="headers">
          <legend>Headers</legend>
          {rows.map((r, i) => (
            <div className="header-row" key={r.id}>
              <input
                aria-label={`Header ${i + 1} name`}
                placeholder="Authorization"
                value={r.name}
                onChange={(e) => setRows((all) => all.map((x) => (x.id === r.id ? { ...x, name: e.target.value } : x)))}
              />
              <input
                id={`${urlId}-value-${r.id}`}
                ref={focusOnMount(r.id)}
                aria-label={`Header ${i + 1} value`}
                placeholder={r.name.trim().toLowerCase() === 'authorization' ? 'Bearer eyJ…' : 'Bearer …'}
                type={shown.has(r.id) ? 'text' : 'password'}
                autoComplete="off"
                data-header-value={r.name.toLowerCase()}
                value={r.value}
                onChange={(e) => setRows((all) => all.map((x) => (x.id === r.id ? { ...x, value: e.target.value } : x)))}
              />
              <button type="button" className="link" aria-pressed={shown.has(r.id)} aria-label={`${shown.has(r.id) ? 'Hide' : 'Show'} the value of header ${i + 1}`} onClick={() => toggleShown(r.id)}>
                {shown.has(r.id) ? 'Hide' : 'Show'}
              </button>
              <button type="button" className="link" aria-label={`Remove header ${i + 1}`} onClick={() => setRows((all) => all.filter((x) => x.id !== r.id))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => addRow()}>
            Add header
          </button>
          <p className="muted small">Headers are used for this check only. They are never stored, logged or shared.</p>
        </fieldset>
        {error && error.field !== 'url' ? (
          <p id={errorId} role="alert" className="form-error" {...(error.field ? { 'data-field': error.field } : {})}>
            {error.message}
          </p>
        ) : null}
      </form>
      {oauth.notice ? (
        <p role="status" className="notice">
          {oauth.notice}
        </p>
      ) : null}
      <div aria-live="polite" aria-busy={running}>
        {live ? (
          <LiveCheck live={live} onCancel={cancel} />
        ) : result ? (
          // Keyed by signature: a new check gets a fresh Share button, never the old link.
          <ReportView
            report={result.report}
            actions={<SharePanel key={result.signature} report={result.report} signature={result.signature} />}
            authActions={result.report.auth ? <AuthActions actions={oauth.actions} auth={result.report.auth} url={result.report.url} /> : undefined}
            tryTool={result.report.era === 'modern' || result.report.era === 'legacy' ? tryTool : undefined}
          />
        ) : null}
      </div>
      {live || result ? null : intro}
    </>
  );
}
