'use client';
// Shown only when the root layout itself fails to render (Next file convention `global-error`,
// node_modules/next/dist/docs/01-app/03-api-reference/03-file-conventions/error.md). Every page
// loads this module, so it is kept to a few lines: Next's built-in one is 1.9 KB of gzip.
import './globals.css';

export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main">
          <title>Something went wrong · MCP Health Check</title>
          <h1>Something went wrong</h1>
          <p>This page could not be shown. Nothing you entered was stored.</p>
          <p>
            <button type="button" className="primary" onClick={() => retry()}>
              Try again
            </button>{' '}
            <a href="/">Back to the check</a>
          </p>
        </main>
      </body>
    </html>
  );
}
