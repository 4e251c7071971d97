'use client';
// The step table: one row per HTTP exchange, each expandable to the exact request and response.
import { Fragment, useEffect, useState } from 'react';
import type { Finding, Step } from '@/lib/report/schema';
import { groupSteps, type StepSummary } from '@/lib/report/groups';
import { toCurl } from '@/lib/report/curl';
import { Code } from './Code';
import { CopyButton } from './CopyButton';
import { formatMs, stepAnchor } from './format';

const STATUS_LABEL: Record<Step['status'], string> = {
  ok: 'OK',
  warn: 'Warning',
  error: 'Failed',
  info: 'Probe',
  skipped: 'Skipped',
};

type Details = { state: 'failed' } | { state: 'loaded'; steps: Step[] };

/** The shared report's steps, fetched once per page (again after a failure). */
const stepsByUrl = new Map<string, Promise<Step[]>>();
function fetchSteps(url: string): Promise<Step[]> {
  let p = stepsByUrl.get(url);
  if (!p) {
    p = fetch(url, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<{ report?: { steps?: Step[] } }>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body) => (Array.isArray(body.report?.steps) ? body.report.steps : Promise.reject(new Error('no steps'))));
    p.catch(() => stepsByUrl.delete(url));
    stepsByUrl.set(url, p);
  }
  return p;
}

/**
 * `steps` are whole steps (the live page), or summaries with `detailsUrl`: a shared page renders
 * only the rows, and the exchanges are fetched from the report's JSON (GET /api/reports/{id}, same
 * origin) when a row is first expanded (docs/benchmarks.md, part 4).
 */
export function StepTable({ steps, findings = [], detailsUrl }: { steps: Array<Step | StepSummary>; findings?: Finding[]; detailsUrl?: string }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [probesOpen, setProbesOpen] = useState(false);
  const [details, setDetails] = useState<Details | undefined>();
  const load = () => {
    if (detailsUrl) fetchSteps(detailsUrl).then((loaded) => setDetails({ state: 'loaded', steps: loaded }), () => setDetails({ state: 'failed' }));
  };
  const toggle = (key: string) => {
    if (!open.has(key)) load();
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };
  const index = new Map<Step | StepSummary, number>(steps.map((s, i) => [s, i]));
  const { core, probes, probeFindings } = groupSteps(steps, findings);
  const detail = (s: Step | StepSummary) => {
    if (!detailsUrl) return <StepDetail step={s as Step} />;
    if (details?.state === 'loaded') {
      const full = details.steps[index.get(s) ?? -1];
      if (full && full.id === s.id) return <StepDetail step={full} />;
    }
    if (details?.state === 'failed') return <p className="muted">The exchange could not be loaded. Reload the page to try again.</p>;
    return <p className="muted">Loading the exchange…</p>;
  };
  // A link to a step (the conformance table's evidence, #step-…) opens that row, unfolding the
  // probes when it is one of them, and moves focus to it.
  useEffect(() => {
    const show = () => {
      const hash = decodeURIComponent(window.location.hash.slice(1));
      if (!hash.startsWith('step-')) return;
      const groups = groupSteps(steps, findings);
      const i = groups.core.findIndex((s) => stepAnchor(s.id) === hash);
      const j = i < 0 ? groups.probes.findIndex((s) => stepAnchor(s.id) === hash) : -1;
      const step = i >= 0 ? groups.core[i] : groups.probes[j];
      if (!step) return;
      if (j >= 0) setProbesOpen(true);
      setOpen((prev) => new Set(prev).add(`${step.id}-${i >= 0 ? i : j}`));
      if (detailsUrl) fetchSteps(detailsUrl).then((loaded) => setDetails({ state: 'loaded', steps: loaded }), () => setDetails({ state: 'failed' }));
      requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`#${CSS.escape(hash)} button`)?.focus());
    };
    show();
    window.addEventListener('hashchange', show);
    return () => window.removeEventListener('hashchange', show);
  }, [steps, findings, detailsUrl]);
  const row = (s: Step | StepSummary, i: number, probe: boolean) => {
    const key = `${s.id}-${i}`;
    const expanded = open.has(key);
    const detailId = `step-detail-${probe ? 'p' : 'c'}${i}`;
    return (
      <Fragment key={key}>
        <tr id={stepAnchor(s.id)} className={`step step-${s.status}`} data-step={s.id}>
          <th scope="row">
            <button type="button" className="expander" aria-expanded={expanded} aria-controls={detailId} onClick={() => toggle(key)}>
              <span className={`dot dot-${s.status}`} role="img" aria-label={STATUS_LABEL[s.status]} />
              <span className="step-name">{s.name}</span>
              {s.era ? <span className="era-tag">{s.era}</span> : null}
            </button>
          </th>
          <td className="num">{formatMs(s.latencyMs)}</td>
          <td className="notes">{s.notes}</td>
        </tr>
        <tr id={detailId} className="detail" hidden={!expanded}>
          <td colSpan={3}>{expanded ? detail(s) : null}</td>
        </tr>
      </Fragment>
    );
  };
  return (
    <div className="table-scroll">
      <table className="steps">
        <caption className="sr-only">Requests the check sent, in order; side probes folded at the end</caption>
        <StepTableHead />
        <tbody>{core.map((s, i) => row(s, i, false))}</tbody>
        {probes.length ? (
          <tbody className="probes" data-probes={probes.length}>
            <tr className="probes-head">
              <td colSpan={3}>
                <button type="button" className="expander probes-toggle" aria-expanded={probesOpen} onClick={() => setProbesOpen((o) => !o)}>
                  <span>
                    {probes.length} probe{probes.length === 1 ? '' : 's'} · {probeFindings ? `${probeFindings} finding${probeFindings === 1 ? '' : 's'}` : 'no findings'}
                  </span>
                  <span className="muted small probes-why">extra requests a client does not make</span>
                </button>
              </td>
            </tr>
            {probesOpen ? probes.map((s, i) => row(s, i, true)) : null}
          </tbody>
        ) : null}
      </table>
    </div>
  );
}

/** The step table's column headers, shared with the pending rows shown while a check runs. */
export function StepTableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Step</th>
        <th scope="col" className="num">
          Latency
        </th>
        <th scope="col">Notes</th>
      </tr>
    </thead>
  );
}

function StepDetail({ step }: { step: Step }) {
  const req = step.request;
  const res = step.response;
  const t = step.timing;
  const phases = t
    ? [
        t.dnsMs !== undefined ? `DNS ${formatMs(t.dnsMs)}` : '',
        t.connectMs !== undefined ? `connect ${formatMs(t.connectMs)}` : '',
        t.tlsMs !== undefined ? `TLS ${formatMs(t.tlsMs)}` : '',
        t.ttfbMs !== undefined ? `first byte ${formatMs(t.ttfbMs)}` : '',
        `total ${formatMs(t.totalMs)}`,
        t.reused ? 'connection reused' : '',
        t.retried ? `retried: ${t.retried}` : '',
      ].filter(Boolean)
    : [];
  return (
    <div className="exchange">
      {phases.length ? <p className="timing small muted">{phases.join(' · ')}</p> : null}
      <section aria-label="Request">
        <div className="detail-head">
          <h4>Request</h4>
          {req ? <CopyButton text={toCurl(req)} label="Copy as curl" /> : null}
        </div>
        {req ? (
          <>
            <pre className="wire" tabIndex={0}>
              <code>
                {`${req.method} ${req.url}\n`}
                {req.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
              </code>
            </pre>
            {req.body ? <Code text={req.body} contentType="application/json" /> : null}
          </>
        ) : (
          <p>Not sent.</p>
        )}
      </section>
      <section aria-label="Response">
        <div className="detail-head">
          <h4>Response</h4>
          {res?.body ? <CopyButton text={res.body} label="Copy body" /> : null}
        </div>
        {step.error ? (
          <p className="step-error">
            <strong>{step.error.code}</strong> {step.error.message}
          </p>
        ) : null}
        {res?.redirects?.length ? (
          <ol className="redirects" aria-label="Redirects">
            {res.redirects.map((h, j) => (
              <li key={j}>
                HTTP {h.status} <span className="url">{h.from}</span> → <span className="url">{h.to}</span>
              </li>
            ))}
          </ol>
        ) : null}
        {res ? (
          <>
            <pre className="wire" tabIndex={0}>
              <code>
                {res.status !== undefined ? `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}\n` : 'stdout (one JSON-RPC message per line)\n'}
                {res.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
              </code>
            </pre>
            {res.sse && res.sse.length > 0 ? (
              <ol className="sse" aria-label="Server-sent events">
                {res.sse.map((f, j) => (
                  <li key={j}>
                    <span className="sse-meta">
                      event: {f.event}
                      {f.id !== undefined ? ` · id: ${f.id}` : ''}
                      {f.retry !== undefined ? ` · retry: ${f.retry} ms` : ''}
                    </span>
                    {f.data.trim() ? <Code text={f.data} contentType="application/json" /> : <p className="muted small">(empty data: priming event)</p>}
                  </li>
                ))}
              </ol>
            ) : res.body ? (
              <Code text={res.body} contentType={res.contentType} />
            ) : (
              <p className="muted">(empty body)</p>
            )}
            {res.sseRetry !== undefined && !res.sse?.some((f) => f.retry === res.sseRetry) ? (
              <p className="muted small">The stream set retry: {res.sseRetry} ms (in a block without data).</p>
            ) : null}
            {res.truncated ? (
              <p className="muted small">
                {res.sse?.length ? 'The check stopped reading once the response arrived.' : 'Body cut: only the first part is kept.'}
              </p>
            ) : null}
          </>
        ) : step.error ? null : (
          <p className="muted">No response.</p>
        )}
      </section>
    </div>
  );
}
