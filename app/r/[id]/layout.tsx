// Only here for metadata: Next resolves this segment's Open Graph image (opengraph-image.tsx)
// against the segment's metadataBase, before the page's own metadata is merged.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { siteBase } from '../shared';

export async function generateMetadata(): Promise<Metadata> {
  return { metadataBase: siteBase(await headers()) ?? null };
}

export default function SharedReportLayout({ children }: { children: ReactNode }) {
  return children;
}
