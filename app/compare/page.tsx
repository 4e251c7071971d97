// Two shared reports side by side (/compare?a=…&b=…): verdict, steps, findings and the server's
// surface (tools, versions, capabilities), with what differs marked. The differences come from
// lib/monitor/compare.ts, the same module `mcp-health diff` and the monitors' drift events use.
import type { Metadata } from 'next';
import { VerdictChip } from '@/app/components/ReportView';
import { compareReports, differs } from '@/lib/monitor/compare';
import type { Report } from '@/lib/report/schema';
import { formatDateTime, readShared } from '../r/shared';
import { shareId } from './share-id';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare two reports', robots: { index: false, follow: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

type Side = { ok: true; id: string; report: Report } | { ok: false; message: string };

async function load(input: string | string[] | undefined, label: string): Promise<Side> {
  const id = shareId(input);
  if (!id) return { ok: false, message: `Report ${label}: paste a shared report link (…/r/{id}) or its id.` };
  const found = await readShared(id);
  switch (found.status) {
    case 'found':
      return { ok: true, id, report: found.report };
    case 'expired':
      return { ok: false, message: `Report ${label} (${id}) has expired: shared reports are kept for 7 days.` };
    case 'missing':
      return { ok: false, message: `Report ${label} (${id}) was not found.` };
    case 'unreadable':
      return { ok: false, message: `Report ${label} (${id}) was stored by an older version and can no longer be read.` };
    default:
      return { ok: false, message: 'Shared reports are unavailable right now: the report database cannot be reached.' };
  }
}

export default async function ComparePage({ searchParams }: Props) {
  const q = await searchParams;
  const asked = q.a !== undefined || q.b !== undefined;
  const [a, b] = asked ? await Promise.all([load(q.a, 'A'), load(q.b, 'B')]) : [undefined, undefined];
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  return (
    <section className="compare" aria-labelledby="compare-title">
      <h1 id="compare-title">Compare two reports</h1>
      <form method="get" action="/compare" className="compare-form">
        <label>
          Report A <input name="a" defaultValue={first(q.a)} placeholder="https://…/r/… or the id" />
        </label>
        <label>
          Report B <input name="b" defaultValue={first(q.b)} placeholder="https://…/r/… or the id" />
        </label>
        <button className="button primary" type="submit">
          Compare
        </button>
      </form>
      {a && b ? (
        a.ok && b.ok ? (
          <Differences a={a} b={b} />
        ) : (
          <div role="alert" className="error">
            {[a, b].flatMap((s) => (s.ok ? [] : [<p key={s.message}>{s.message}</p>]))}
          </div>
        )
      ) : null}
    </section>
  );
}

function Differences({ a, b }: { a: Extract<Side, { ok: true }>; b: Extract<Side, { ok: true }> }) {
  const c = compareReports(a.report, b.report);
  const head = (s: typeof a, label: string) => (
    <div className="compare-side">
      <h2>
        {label} <VerdictChip verdict={s.report.verdict} />
      </h2>
      <p className="url">{s.report.url}</p>
      <p className="muted small">
        Checked <time dateTime={s.report.checkedAt}>{formatDateTime(new Date(s.report.checkedAt))}</time> · <a href={`/r/${s.id}`}>open</a>
      </p>
    </div>
  );
  return (
    <>
      <div className="compare-heads">
        {head(a, 'A')}
        {head(b, 'B')}
      </div>
      <p className="compare-summary" data-testid="compare-summary">
        {differs(c) ? (c.verdict.changed ? 'The verdict changed, and more below.' : 'Same verdict; the differences are below.') : 'No differences in verdict, steps, findings or the server\u2019s surface.'}
      </p>
      {c.surface.length ? (
        <section aria-labelledby="cmp-surface">
          <h3 id="cmp-surface">Server surface</h3>
          <ul className="compare-list">
            {c.surface.map((s, i) => (
              <li key={i} className={s.security ? 'security' : undefined}>
                {s.security ? <span className="badge">tool definition</span> : null} {s.text}
              </li>
            ))}
          </ul>
          {c.toolsFingerprint?.changed ? (
            <p className="muted small">
              Tools fingerprint <code>{c.toolsFingerprint.a.slice(0, 19)}…</code> → <code>{c.toolsFingerprint.b.slice(0, 19)}…</code>
            </p>
          ) : null}
        </section>
      ) : null}
      {c.findings.added.length || c.findings.removed.length ? (
        <section aria-labelledby="cmp-findings">
          <h3 id="cmp-findings">Findings</h3>
          <ul className="compare-list">
            {c.findings.added.map((f) => (
              <li key={`+${f}`} className="added">
                <span className="sr-only">Only in B: </span>+ {f}
              </li>
            ))}
            {c.findings.removed.map((f) => (
              <li key={`-${f}`} className="removed">
                <span className="sr-only">Only in A: </span>− {f}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="cmp-steps">
        <h3 id="cmp-steps">Steps</h3>
        <div className="table-scroll">
          <table className="compare-steps">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">A</th>
                <th scope="col">B</th>
              </tr>
            </thead>
            <tbody>
              {c.steps.map((s) => (
                <tr key={s.id} className={s.changed ? 'changed' : undefined} data-changed={s.changed ? 'true' : undefined}>
                  <th scope="row">{s.id}</th>
                  <td>{s.a}</td>
                  <td>{s.b}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
