// One run of a monitor, as the full report (kept 30 days).
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ReportView } from '@/app/components/ReportView';
import { getRunReport } from '@/db/monitors';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Monitor run', robots: { index: false, follow: false } };

export default async function RunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { id, runId } = await params;
  const found = await getRunReport(id, runId).catch(() => undefined);
  if (!found) notFound();
  return (
    <>
      <p className="shared-banner">
        <span className="shared-tag">Monitor run</span> <a href={`/m/${id}`}>Back to the status page</a>
      </p>
      <ReportView report={found.report} />
    </>
  );
}
