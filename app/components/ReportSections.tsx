// Parts of the report page that have no interaction: findings, who can connect, listings.
import type { CompatRow, Finding, Listed, Report } from '@/lib/report/schema';
import { fixFor } from '@/lib/report/fixes';
import type { Advice } from '@/lib/report/advice';

const SEVERITIES: Finding['severity'][] = ['error', 'warning', 'info'];
const SEVERITY_TITLE = { error: 'Errors', warning: 'Warnings', info: 'Notes' } as const;

export function Findings({ findings, notInspected }: { findings: Finding[]; notInspected?: string | undefined }) {
  if (findings.length === 0) return <p className="muted">{notInspected ?? 'No protocol deviations seen.'}</p>;
  return (
    <>
      {SEVERITIES.map((sev) => {
        const list = findings.filter((f) => f.severity === sev);
        if (!list.length) return null;
        return (
          <div key={sev} className="finding-group">
            <h4 className={`sev-title sev-${sev}`}>
              {SEVERITY_TITLE[sev]} ({list.length})
            </h4>
            <ul className="findings">
              {list.map((f, i) => (
                <li key={`${f.id}-${i}`} className={`finding sev-${f.severity}`}>
                  <code className="fid">{f.id}</code> {f.message}
                  {f.evidence ? <span className="evidence"> ({f.evidence})</span> : null}
                  {f.bestPractice ? <span className="badge">best practice</span> : null}
                  {f.stepId ? <span className="muted small"> · step {f.stepId}</span> : null}
                  {f.specUrl ? (
                    <>
                      {' '}
                      <a href={f.specUrl} rel="noreferrer noopener" target="_blank">
                        spec<span className="sr-only"> for {f.id} (opens in a new tab)</span>
                      </a>
                    </>
                  ) : null}
                  {fixFor(f.id) ? (
                    <div className="fix small">
                      <strong>Fix:</strong> {fixFor(f.id)}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}

const COMPAT_LABEL: Record<CompatRow['status'], string> = { yes: 'Yes', warn: 'With warnings', no: 'No', unknown: 'Unknown' };

export function Compat({ rows }: { rows: CompatRow[] }) {
  return (
    <table className="compat">
      <caption className="sr-only">Which MCP clients can connect to this server</caption>
      <thead>
        <tr>
          <th scope="col">Client</th>
          <th scope="col">Can connect</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.client}>
            <th scope="row">{r.client}</th>
            <td>
              <span className={`compat-${r.status}`}>{COMPAT_LABEL[r.status]}</span>
            </td>
            <td className="small">{r.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ListedItems({ title, items, kind }: { title: string; items: Listed[]; kind: 'resources' | 'prompts' | 'resourceTemplates' }) {
  return (
    <details className="listed">
      <summary>
        {title} ({items.length})
      </summary>
      {items.length === 0 ? (
        <p className="muted">None listed.</p>
      ) : (
        <ul>
          {items.map((it, i) => (
            <li key={`${it.name}-${i}`}>
              <code>{it.name}</code>
              {kind === 'resources' && it.uri ? <span className="muted small"> {it.uri}</span> : null}
              {kind === 'resourceTemplates' && it.uriTemplate ? <span className="muted small"> {it.uriTemplate}</span> : null}
              {it.mimeType ? <span className="badge">{it.mimeType}</span> : null}
              {it.description ? <div className="small">{it.description}</div> : null}
              {kind === 'prompts' && it.arguments?.length ? (
                <div className="small muted">arguments: {it.arguments.map((a) => `${a.name}${a.required ? '*' : ''}`).join(', ')}</div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** Only https: and data: icons are shown (https://modelcontextprotocol.io/specification/2025-11-25/basic#icons: clients must reject other schemes). */
export function ServerIcon({ info }: { info: Report['serverInfo'] }) {
  const icon = info?.icons?.find((i) => /^(https:|data:image\/(png|jpeg|gif|webp);)/i.test(i.src));
  if (!icon) return null;
  // eslint-disable-next-line @next/next/no-img-element -- a remote, server-chosen icon; next/image would proxy it
  return <img className="server-icon" src={icon.src} alt="" width={24} height={24} referrerPolicy="no-referrer" />;
}

/** "What to do": one block per cause of the verdict (lib/report/advice), for the person who runs the server. */
export function WhatToDo({ advice }: { advice: Advice[] }) {
  if (!advice.length) return null;
  return (
    <section aria-labelledby="todo-title" className="todo">
      <h3 id="todo-title">What to do</h3>
      {advice.map((a) => (
        <div key={a.id} className="todo-block" data-advice={a.id}>
          <h4>{a.title}</h4>
          {a.what ? <p>{a.what}</p> : null}
          <ol>
            {a.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
          {a.link ? (
            <p className="small">
              <a href={a.link.href} rel="noreferrer noopener" target="_blank">
                {a.link.label}
                <span className="sr-only"> (opens in a new tab)</span>
              </a>
            </p>
          ) : null}
        </div>
      ))}
    </section>
  );
}

/** Dates such as 2026-07-28 stay whole: a phone must not break them at a hyphen. */
export function KeepDates({ text }: { text: string }) {
  const parts = text.split(/(\d{4}-\d{2}-\d{2})/);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 ? (
          <span key={i} className="nowrap">
            {p}
          </span>
        ) : (
          p
        ),
      )}
    </>
  );
}
