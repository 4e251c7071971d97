// A report, rendered the same way on the live page and on a shared page. No hooks here: the only
// interactive part a shared page loads is the StepTable client component (expanding step rows).
import type { ReactNode } from 'react';
import type { Report, Tool } from '@/lib/report/schema';
import { notInspected, VERDICT_LABEL } from '@/lib/report/summary';
import { StepTable } from './StepTable';
import { stepSummaries } from '@/lib/report/groups';
import { formatMs } from './format';
import { Code } from './Code';
import { Compat, Findings, KeepDates, ListedItems, ServerIcon, WhatToDo } from './ReportSections';
import { adviceFor } from '@/lib/report/advice';
import { AuthCallout } from './AuthCallout';
import { CallResults } from './CallResults';
import { WatchPanel } from './WatchPanel';
import { ConformanceTable } from './ConformanceTable';
import { appLink } from '@/lib/mcp/app-link';
import { MASK } from '@/lib/header-registry';

const ERA_LABEL: Record<Report['era'], string> = {
  modern: 'Modern (2026-07-28, stateless)',
  legacy: 'Legacy (initialize + sessions)',
  'http+sse': 'Deprecated HTTP+SSE (2024-11-05)',
  unknown: 'Unknown',
};

export function VerdictChip({ verdict }: { verdict: Report['verdict'] }) {
  return (
    <span className={`chip chip-${verdict}`} data-verdict={verdict}>
      {VERDICT_LABEL[verdict]}
    </span>
  );
}

/**
 * `actions` sits beside the verdict: the Share panel on the live page, Re-run on a shared page.
 * `authActions` goes into the AUTH callout: the token buttons, on the live page only.
 * `tryTool` adds a Try button to each tool (live page only); calls made show under the tools.
 * `stepDetails`: where the step table fetches the exchanges from when a row is expanded (a shared
 * page, which then renders only the rows); without it every step travels with the page.
 */
export function ReportView({
  report,
  actions,
  authActions,
  tryTool,
  stepDetails,
}: {
  report: Report;
  actions?: ReactNode;
  authActions?: ReactNode;
  tryTool?: (tool: Tool) => ReactNode;
  stepDetails?: string;
}) {
  const caps = Object.keys(report.capabilities ?? {});
  const unseen = notInspected(report);
  return (
    <article className="report" aria-labelledby="report-title">
      <header className="report-head">
        <VerdictChip verdict={report.verdict} />
        <div className="report-main">
          <h2 id="report-title" className="summary">
            <KeepDates text={report.summary} />
          </h2>
          <p className="muted target">
            <span className="url">{report.url}</span> · checked {new Date(report.checkedAt).toUTCString()} in&nbsp;{formatMs(report.durationMs)}
          </p>
        </div>
        {actions ? <div className="report-actions">{actions}</div> : null}
      </header>
      {report.sanitized ? <SanitizedNote s={report.sanitized} /> : null}

      {report.verdict === 'auth-required' && report.auth ? <AuthCallout auth={report.auth} url={report.url} actions={authActions} /> : null}

      <WhatToDo advice={adviceFor(report)} />
      {/* A client component: only what it reads crosses into the page's RSC payload, not the report
          with every step's bodies (which doubled a shared page's HTML, docs/benchmarks.md part 4). */}
      <WatchPanel report={{ url: report.url, verdict: report.verdict, transport: report.transport }} />

      <section aria-labelledby="steps-title">
        <h3 id="steps-title">Steps</h3>
        {stepDetails ? (
          <StepTable steps={stepSummaries(report.steps)} findings={report.findings} detailsUrl={stepDetails} />
        ) : (
          <StepTable steps={report.steps} findings={report.findings} />
        )}
      </section>

      <section aria-labelledby="findings-title">
        <h3 id="findings-title">Findings</h3>
        <Findings findings={report.findings} notInspected={unseen} />
      </section>

      {report.conformance ? (
        <section aria-labelledby="conformance-title">
          <h3 id="conformance-title">Conformance to {report.conformance.revision}</h3>
          <ConformanceTable conformance={report.conformance} probes={report.probes} />
        </section>
      ) : null}

      {report.compat?.length ? (
        <section aria-labelledby="compat-title">
          <h3 id="compat-title">Who can connect</h3>
          <Compat rows={report.compat} />
        </section>
      ) : null}

      {report.era === 'unknown' && !report.serverInfo ? null : (
      <section aria-labelledby="server-title" className="facts">
        <h3 id="server-title">Server</h3>
        <dl>
          <dt>Era</dt>
          <dd>{ERA_LABEL[report.era]}</dd>
          <dt>Protocol</dt>
          <dd>{report.protocolVersion ?? '—'}</dd>
          <dt>Versions accepted</dt>
          <dd>{report.supportedVersions.length ? report.supportedVersions.join(', ') : '—'}</dd>
          <dt>Server</dt>
          <dd>
            {report.serverInfo ? (
              <>
                <ServerIcon info={report.serverInfo} />
                {report.serverInfo.title ?? report.serverInfo.name} <span className="muted">{report.serverInfo.version}</span>
                {report.serverInfo.description ? <div className="small">{report.serverInfo.description}</div> : null}
                {report.serverInfo.websiteUrl && /^https?:/i.test(report.serverInfo.websiteUrl) ? (
                  <div className="small">
                    <a href={report.serverInfo.websiteUrl} rel="noreferrer noopener nofollow" target="_blank">
                      {report.serverInfo.websiteUrl}
                    </a>
                  </div>
                ) : null}
              </>
            ) : (
              '—'
            )}
          </dd>
          <dt>Session</dt>
          <dd>
            {report.era === 'modern'
              ? 'None (stateless revision)'
              : report.session
                ? report.session.issued
                  ? `Issued${report.session.ended === 'ended' ? ', ended with DELETE' : report.session.ended === 'unsupported' ? ', DELETE not supported' : ''}`
                  : 'None issued (stateless server)'
                : '—'}
          </dd>
          <dt>Capabilities</dt>
          <dd>
            {caps.length
              ? caps.map((c) => (
                  <span key={c} className="badge">
                    {c}
                  </span>
                ))
              : '—'}
          </dd>
        </dl>
        {report.instructions ? (
          <details>
            <summary>Instructions</summary>
            <p className="instructions">{report.instructions}</p>
          </details>
        ) : null}
      </section>
      )}

      {report.resources || report.resourceTemplates || report.prompts ? (
        <section aria-label="Resources and prompts" className="listings">
          {report.resources ? <ListedItems title="Resources" items={report.resources} kind="resources" /> : null}
          {report.resourceTemplates ? <ListedItems title="Resource templates" items={report.resourceTemplates} kind="resourceTemplates" /> : null}
          {report.prompts ? <ListedItems title="Prompts" items={report.prompts} kind="prompts" /> : null}
        </section>
      ) : null}

      {unseen ? null : (
      <section aria-labelledby="tools-title">
        <h3 id="tools-title">Tools ({report.tools.length})</h3>
        {report.tools.length === 0 ? (
          <p className="muted">No tools listed.</p>
        ) : (
          <table className="tools">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Hints</th>
                {tryTool ? (
                  <th scope="col">
                    <span className="sr-only">Try</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {report.tools.map((t, i) => (
                <tr key={`${t.name}-${i}`}>
                  <th scope="row">
                    <code>{t.name}</code>
                    {t.title ?? t.annotations?.title ? <div className="muted">{t.title ?? t.annotations?.title}</div> : null}
                  </th>
                  <td>
                    {t.description ?? ''}
                    {t.inputSchema !== undefined ? (
                      <details>
                        <summary>Input schema</summary>
                        <Code text={JSON.stringify(t.inputSchema)} contentType="application/json" />
                      </details>
                    ) : null}
                  </td>
                  <td>
                    <Hints a={t.annotations} />
                    {appLink(t) ? (
                      <span className="app-link">
                        <span className="badge">MCP App</span> <code className="small">{appLink(t)}</code>
                      </span>
                    ) : null}
                  </td>
                  {tryTool ? <td>{tryTool(t)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      )}
      <CallResults report={report} live={tryTool !== undefined} />
    </article>
  );
}

/** A shared copy says what was taken out of it, so a reader does not mistake it for the full exchange. */
function SanitizedNote({ s }: { s: NonNullable<Report['sanitized']> }) {
  const headers = s.headersRemoved === 1 ? '1 request header' : `${s.headersRemoved} request headers`;
  const bodies = s.bodiesCapped === 1 ? '1 body was' : `${s.bodiesCapped} bodies were`;
  return (
    <div className="sanitized-note" role="note" aria-label="What this shared copy leaves out">
      <p>This shared copy is sanitized:</p>
      <ul>
        {s.queryRemoved ? (
          <li data-note="query-removed">The URL&apos;s query string (and any user name, password or fragment) was removed before sharing: these often carry keys.</li>
        ) : null}
        {s.headersRemoved > 0 ? <li data-note="headers-removed">{headers} added for the check {s.headersRemoved === 1 ? 'was' : 'were'} sent but {s.headersRemoved === 1 ? 'is' : 'are'} not shown.</li> : null}
        <li>Session ids, cookies and credential headers are masked ({MASK}).</li>
        {s.bodiesCapped > 0 ? <li>{bodies} cut at 16 KB.</li> : null}
      </ul>
    </div>
  );
}

function Hints({ a }: { a: Report['tools'][number]['annotations'] }) {
  if (!a) return null;
  const badges: string[] = [];
  if (a.readOnlyHint) badges.push('read-only');
  if (a.destructiveHint) badges.push('destructive');
  if (a.idempotentHint) badges.push('idempotent');
  if (a.openWorldHint) badges.push('open-world');
  return (
    <>
      {badges.map((b) => (
        <span key={b} className={`badge badge-${b}`}>
          {b}
        </span>
      ))}
    </>
  );
}
