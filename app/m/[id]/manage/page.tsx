// The private manage page. The token travels in the URL's fragment, which browsers never send to a
// server, so it appears in no access log; the page's script reads it and calls the API with it.
import type { Metadata } from 'next';
import { ManagePanel } from './ManagePanel';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Manage monitor', robots: { index: false, follow: false }, referrer: 'no-referrer' };

export default async function ManagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ManagePanel id={id} />;
}
