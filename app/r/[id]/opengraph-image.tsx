// The card a chat app shows for a shared link: URL, verdict and server.
import { ImageResponse } from 'next/og';
import { getReport } from '@/db/store';
import { VERDICT_LABEL } from '@/lib/report/summary';
import type { Verdict } from '@/lib/report/schema';
import { formatDate, ogText, shortUrl } from '../shared';

export const dynamic = 'force-dynamic';
export const alt = 'MCP Health Check: shared report';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

const COLORS: Record<Verdict, { fg: string; bg: string }> = {
  healthy: { fg: '#137a3a', bg: '#e3f5e9' },
  partial: { fg: '#8a5a00', bg: '#fff3d6' },
  'auth-required': { fg: '#5b3cc4', bg: '#ece7ff' },
  unreachable: { fg: '#b42318', bg: '#fde7e5' },
};

export default async function Image({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const found = await getReport(id);
  if (found.status !== 'found') {
    const title = found.status === 'expired' ? 'This shared report has expired' : found.status === 'missing' ? 'No shared report here' : 'Shared report unavailable';
    return new ImageResponse(<Card><div style={{ display: 'flex', fontSize: 64, fontWeight: 700 }}>{title}</div></Card>, {
      ...size,
      status: found.status === 'expired' ? 410 : found.status === 'missing' ? 404 : 503,
    });
  }
  const r = found.report;
  const color = COLORS[r.verdict];
  const server = r.serverInfo ? `${r.serverInfo.title ?? r.serverInfo.name} ${r.serverInfo.version}` : 'Server did not say who it is';
  const facts = [r.era === 'unknown' ? null : `${r.era} era`, r.protocolVersion ?? null, `${r.tools.length} tool${r.tools.length === 1 ? '' : 's'}`].filter(Boolean).join('  |  ');
  return new ImageResponse(
    (
      <Card>
        <div style={{ display: 'flex', alignItems: 'center', gap: 32 }}>
          <div style={{ display: 'flex', fontSize: 72, fontWeight: 800, letterSpacing: 4, color: color.fg, background: color.bg, padding: '12px 36px', borderRadius: 20 }}>{VERDICT_LABEL[r.verdict]}</div>
          <div style={{ display: 'flex', fontSize: 30, color: '#5b6472' }}>{ogText(facts, 60)}</div>
        </div>
        <div style={{ display: 'flex', fontSize: 56, fontWeight: 700, marginTop: 48, wordBreak: 'break-all' }}>{ogText(shortUrl(r.url), 70)}</div>
        <div style={{ display: 'flex', fontSize: 36, marginTop: 20, color: '#15181d' }}>{ogText(server, 60)}</div>
        <div style={{ display: 'flex', fontSize: 28, marginTop: 24, color: '#5b6472' }}>{ogText(r.summary, 90)}</div>
        <div style={{ display: 'flex', flexGrow: 1 }} />
        <div style={{ display: 'flex', fontSize: 26, color: '#5b6472' }}>Checked {ogText(formatDate(new Date(r.checkedAt)))} - shared report, expires {ogText(formatDate(found.expiresAt))}</div>
      </Card>
    ),
    size,
  );
}

function Card({ children }: { children: React.ReactNode }) {
  return (
    <div style={{ width: '100%', height: '100%', display: 'flex', flexDirection: 'column', background: '#f7f8fa', color: '#15181d', padding: '56px 72px' }}>
      <div style={{ display: 'flex', alignItems: 'center', fontSize: 30, fontWeight: 700, marginBottom: 40 }}>
        <div style={{ display: 'flex', width: 28, height: 28, borderRadius: 14, border: '7px solid #2f5bea', marginRight: 16 }} />
        MCP Health Check
      </div>
      {children}
    </div>
  );
}
