// A shared report: the same view as the live page, rendered on the server from the stored,
// sanitized copy. Expired ids answer 410 (the status is set by proxy.ts, which runs first).
import type { Metadata } from 'next';
import { ReportView } from '@/app/components/ReportView';
import SharedReportNotFound from './not-found';
import { Gone } from '@/app/components/Gone';
import { VERDICT_LABEL } from '@/lib/report/summary';
import { formatDate, formatDateTime, readShared, rerunHref, shortUrl } from '../shared';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const found = await readShared(id);
  // Shared reports are semi-private and short-lived: keep them out of search indexes.
  const robots = { index: false, follow: false };
  switch (found.status) {
    case 'found': {
      const r = found.report;
      const server = r.serverInfo ? `${r.serverInfo.title ?? r.serverInfo.name} ${r.serverInfo.version}` : 'MCP server';
      const title = `${VERDICT_LABEL[r.verdict]} · ${shortUrl(r.url)}`;
      const description = `${server}: ${r.summary} Checked ${formatDateTime(new Date(r.checkedAt))}.`;
      return { title, description, robots, openGraph: { title, description, type: 'article', siteName: 'MCP Health Check' }, twitter: { card: 'summary_large_image', title, description } };
    }
    case 'expired':
      return { title: 'Shared report expired', robots };
    case 'missing':
      return { title: 'Shared report not found', robots };
    default:
      return { title: 'Shared report unavailable', robots };
  }
}

export default async function SharedReportPage({ params }: Props) {
  const { id } = await params;
  const found = await readShared(id);
  switch (found.status) {
    case 'missing':
      // HTTP 404 comes from proxy.ts. Not notFound(): thrown from the page, Next answers with an
      // empty error shell and draws this view only once its JavaScript runs.
      return <SharedReportNotFound />;
    case 'expired':
      return (
        <Unshown title="This shared report has expired" rerun={found.url}>
          <p>
            It was shared on <time dateTime={found.createdAt.toISOString()}>{formatDate(found.createdAt)}</time> and expired on{' '}
            <time dateTime={found.expiresAt.toISOString()}>{formatDateTime(found.expiresAt)}</time>. Shared reports are kept for 7 days.
          </p>
          <p className="muted">
            Run the check again to see how <span className="url">{found.url}</span> is doing now.
          </p>
        </Unshown>
      );
    case 'unreadable':
      return (
        <Unshown title="This shared report can no longer be read" rerun={found.url}>
          <p>It was stored by an older version of MCP Health Check and does not match today&apos;s report format.</p>
        </Unshown>
      );
    case 'unavailable':
      return (
        <Unshown title="Shared reports are unavailable right now">
          <p>The report database cannot be reached. Try this link again in a few minutes.</p>
        </Unshown>
      );
    case 'found':
      return (
        <>
          <p className="shared-banner" data-testid="shared-banner">
            <span className="shared-tag">Shared report</span>
            <span>
              Checked <time dateTime={found.report.checkedAt}>{formatDateTime(new Date(found.report.checkedAt))}</time>
            </span>
            <span>
              Expires on{' '}
              <time dateTime={found.expiresAt.toISOString()} data-testid="expires-on">
                {formatDate(found.expiresAt)}
              </time>
            </span>
          </p>
          <ReportView
            report={found.report}
            stepDetails={`/api/reports/${encodeURIComponent(id)}`}
            actions={
              <>
                <a className="button primary" href={rerunHref(found.report.url)}>
                  Re-run
                </a>{' '}
                <a className="button" href={`/compare?a=${encodeURIComponent(id)}`}>
                  Compare…
                </a>
              </>
            }
          />
        </>
      );
  }
}

/** A shared link with no report to show; Re-run when the checked URL is known. */
function Unshown({ title, rerun, children }: { title: string; rerun?: string; children: React.ReactNode }) {
  return (
    <Gone
      title={title}
      actions={
        <>
          {rerun ? (
            <a className="button primary" href={rerunHref(rerun)}>
              Re-run the check
            </a>
          ) : null}{' '}
          <a href="/">Check another server</a>
        </>
      }
    >
      {children}
    </Gone>
  );
}
