import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { ThemeToggle } from './components/ThemeToggle';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'MCP Health Check', template: '%s · MCP Health Check' },
  description: 'Check a remote MCP server the way real clients connect to it: both protocol eras, sessions, tools and auth.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const saved = (await cookies()).get('theme')?.value;
  const theme = saved === 'light' || saved === 'dark' ? saved : 'system';
  // Every page renders per request, so Next can put proxy.ts's per-response CSP nonce on its
  // scripts; a prerendered page would carry none and its scripts would be blocked.
  await connection();
  return (
    <html lang="en" {...(theme !== 'system' ? { 'data-theme': theme } : {})}>
      <body>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="site">
          {/* A plain link, not next/link: a full load of / costs nothing noticeable here, and next/link
              is 6 KB of gzipped JS on every page (docs/benchmarks.md, part 4). */}
          <a href="/" className="brand">
            <span aria-hidden="true" className="logo">
              ◉
            </span>{' '}
            MCP Health Check
          </a>
          <ThemeToggle initial={theme} />
        </header>
        <main id="main">{children}</main>
        <footer className="site">Checks Streamable HTTP servers of both MCP eras: 2026-07-28 and 2025-03-26 … 2025-11-25.</footer>
      </body>
    </html>
  );
}
