// A page with nothing to show at its address (unknown, expired or unreadable, or the store is
// down): what happened, and where to go instead. Rendered in the served HTML under the status
// proxy.ts set, so it reads the same with or without JavaScript.
import type { ReactNode } from 'react';

export function Gone({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="gone" aria-labelledby="gone-title">
      <h1 id="gone-title">{title}</h1>
      {children}
      <p className="gone-actions">
        {actions ?? (
          <a className="button primary" href="/">
            Check a server
          </a>
        )}
      </p>
    </section>
  );
}
