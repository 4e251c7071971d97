// A monitor's public status page: verdict, uptime, latency, timeline, changes seen and runs. It
// never shows the manage token (only its hash is stored) or anything a person typed.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CopyButton } from '@/app/components/CopyButton';
import { Gone } from '@/app/components/Gone';
import { formatDateTime, shortUrl, siteBase } from '@/app/r/shared';
import { VERDICT_LABEL } from '@/lib/report/summary';
import type { Verdict } from '@/lib/report/schema';
import type { Change } from '@/lib/monitor/drift';
import { LatencyChart, VerdictTimeline } from '../charts';
import { loadMonitorView, runReportPath } from '../view';
import '../monitor.css';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const view = await loadMonitorView(id).catch(() => undefined);
  const robots = { index: false, follow: false };
  if (!view) return { title: 'Monitor not found', robots };
  const label = view.monitor.lastVerdict ? VERDICT_LABEL[view.monitor.lastVerdict as Verdict] : 'pending';
  return { title: `${label} · watching ${shortUrl(view.monitor.url)}`, robots, alternates: { types: { 'application/atom+xml': `/m/${id}/feed.xml` } } };
}

const pct = (v: number | undefined) => (v === undefined ? '—' : `${(Math.floor(v * 1000) / 10).toFixed(1)} %`);
const every = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

export default async function MonitorPage({ params }: Props) {
  const { id } = await params;
  let view;
  try {
    view = await loadMonitorView(id);
  } catch {
    return (
      <section className="gone">
        <h1>Monitors are unavailable right now</h1>
        <p>The database cannot be reached. Try this page again in a few minutes.</p>
      </section>
    );
  }
  // HTTP 404 comes from proxy.ts. Not notFound(): thrown from the page, Next answers with an empty
  // error shell that only its JavaScript fills in (blank for link previews and no-JS readers).
  if (!view)
    return (
      <Gone title="No monitor here">
        <p>This link does not match any monitor. It may be mistyped, or the monitor was deleted or expired.</p>
      </Gone>
    );
  const { monitor: m, runs, events, now, expiresAt } = view;
  const verdict = m.lastVerdict as Verdict | null;
  const base = siteBase(await headers())?.toString().replace(/\/$/, '') ?? '';
  const badgeUrl = `${base}/m/${m.id}/badge.svg`;
  const markdown = `[![MCP health](${badgeUrl})](${base}/m/${m.id})`;
  const expiringSoon = m.state !== 'expired' && expiresAt.getTime() - now.getTime() < 14 * 24 * 3_600_000;
  return (
    <div className="monitor">
      <section aria-labelledby="monitor-title">
        <div className="monitor-head">
          {verdict ? <span className={`chip chip-${verdict}`} data-testid="monitor-verdict">{VERDICT_LABEL[verdict]}</span> : <span className="chip" data-testid="monitor-verdict">PENDING</span>}
          <div>
            <h1 id="monitor-title">
              Watching <span className="url">{m.url}</span>
            </h1>
            <p className="muted small">
              Checked every {every(m.intervalS)}
              {m.lastRunAt ? (
                <>
                  {' '}· last run <time dateTime={m.lastRunAt.toISOString()}>{formatDateTime(m.lastRunAt)}</time>
                </>
              ) : ' · first run within a minute'}
              {' '}· {m.state === 'active' ? 'active' : m.state}
            </p>
          </div>
        </div>
        {runs[0] ? <p data-testid="monitor-summary">{runs[0].summary}</p> : null}
        {m.stateNote ? <p className="note note-warn" data-testid="state-note">{m.stateNote}</p> : null}
        {expiringSoon ? (
          <p className="note note-warn" data-testid="expiry-warning">
            This monitor expires on <time dateTime={expiresAt.toISOString()}>{formatDateTime(expiresAt)}</time> unless its owner opens the manage link before then.
          </p>
        ) : null}
        {verdict === 'auth-required' ? (
          <p className="note" data-testid="auth-note">
            This server asks for credentials. Monitors never store credentials, so it is watched up to its auth surface: the 401 challenge, its protected-resource metadata and its authorization server&apos;s metadata. All of them answering counts as up.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="uptime-title">
        <h2 id="uptime-title">Uptime</h2>
        <dl className="uptime" data-testid="uptime">
          <div>
            <dt>24 hours</dt>
            <dd>{pct(view.uptime.h24)}</dd>
          </div>
          <div>
            <dt>7 days</dt>
            <dd>{pct(view.uptime.d7)}</dd>
          </div>
          <div>
            <dt>30 days</dt>
            <dd>{pct(view.uptime.d30)}</dd>
          </div>
        </dl>
        <p className="muted small">Up means an MCP answer (GOOD or WARN), or, for a protected server, its auth surface (AUTH).</p>
      </section>

      <section aria-labelledby="latency-title">
        <h2 id="latency-title">Latency</h2>
        <LatencyChart runs={runs} now={now} />
        {runs.length ? (
          <>
            <h2>Verdicts</h2>
            <VerdictTimeline runs={runs} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="changes-title">
        <h2 id="changes-title">Changes seen</h2>
        {events.length ? (
          <ol className="events" data-testid="events">
            {events.map((e) => (
              <li key={e.id} className={e.security ? 'security' : ''}>
                <time className="muted small" dateTime={e.at.toISOString()}>
                  {formatDateTime(e.at)}
                </time>
                <div>
                  {e.security ? <span className="tag tag-security">security-relevant</span> : null}
                  {e.kind === 'drift' ? 'Surface changed' : e.kind === 'verdict' ? 'Verdict' : 'Paused'}: {e.kind === 'drift' ? '' : e.title}
                </div>
                {e.kind === 'drift' ? <DriftList detail={e.detail} /> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No changes yet. Tool definitions, protocol versions, capabilities, resources, prompts and auth metadata are compared on every run.</p>
        )}
      </section>

      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        {runs.length ? (
          <div className="runs-wrap">
            <table className="runs" data-testid="runs">
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Verdict</th>
                  <th scope="col" className="num">Duration</th>
                  <th scope="col" className="hide-narrow">Summary</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                {runs.slice(0, 50).map((r) => (
                  <tr key={r.id}>
                    <td>
                      <time dateTime={r.checkedAt.toISOString()}>{r.checkedAt.toISOString().slice(5, 19).replace('T', ' ')}</time>
                    </td>
                    <td>{VERDICT_LABEL[r.verdict]}</td>
                    <td className="num">{r.durationMs} ms</td>
                    <td className="sum hide-narrow">{r.summary}</td>
                    <td>{r.hasReport ? <a href={runReportPath(m.id, r.id)}>Open</a> : <span className="muted">summary only</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No runs yet.</p>
        )}
        <p className="muted small">Run reports are kept 30 days; older runs keep only their summary.</p>
      </section>

      <section aria-labelledby="badge-title">
        <h2 id="badge-title">Badge and feed</h2>
        {/* eslint-disable-next-line @next/next/no-img-element -- an SVG badge, the very image a README shows */}
        <img src={`/m/${m.id}/badge.svg`} alt={`MCP health: ${verdict ? VERDICT_LABEL[verdict] : 'pending'}`} height={20} data-testid="badge" />
        <div className="snippet">
          <code data-testid="badge-markdown">{markdown}</code>
          <CopyButton text={markdown} label="Copy Markdown" />
        </div>
        <p className="small">
          Alerts: <a href={`/m/${m.id}/feed.xml`}>Atom feed</a> of verdict changes and drift{m.webhookUrl ? ', and a webhook' : ''}.
        </p>
      </section>
    </div>
  );
}

function DriftList({ detail }: { detail: unknown }) {
  const changes = (detail as { changes?: Change[] } | null)?.changes ?? [];
  return (
    <ul>
      {changes.map((c, i) => (
        <li key={i}>{c.text}</li>
      ))}
    </ul>
  );
}
