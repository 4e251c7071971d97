// Small helpers shared by the /r pages, the OG image and the JSON route.
import { cache } from 'react';
import { getReport } from '@/db/store';

/** One read per request, however many of page and metadata ask (the proxy only asks getReportStatus). */
export const readShared = cache((id: string) => getReport(id));

/** Cache a shared report no longer than it lives (and at most 5 minutes). */
export function cacheSeconds(expiresAt: Date, now: Date = new Date()): number {
  return Math.max(0, Math.min(300, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)));
}

export { formatDate, formatDateTime } from '../dates';
export { siteBase } from '@/lib/web/site-base';

/** "mcp.example.com/mcp": the URL as a person says it, for titles. */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

/** The home page with the checked URL filled in. */
export function rerunHref(url: string): string {
  return `/?url=${encodeURIComponent(url)}`;
}

/**
 * next/og fetches a font from Google (or an emoji from a CDN) for any character its bundled
 * font lacks. This server must not call out, so the card keeps to printable ASCII.
 */
export function ogText(s: string, max = 80): string {
  const ascii = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > max ? `${ascii.slice(0, max - 3)}...` : ascii;
}
