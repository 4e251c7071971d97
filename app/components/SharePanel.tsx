'use client';
// Share: nothing is stored until the person presses it. Then a public link for 7 days, a Copy
// link button and the expiry date.
import { useId, useRef, useState, useTransition } from 'react';
import type { Report } from '@/lib/report/schema';
import { shareAction } from '@/app/actions';

type State = { kind: 'idle' } | { kind: 'shared'; url: string; expiresAt: string } | { kind: 'error'; message: string };

const EXPIRY = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

export function SharePanel({ report, signature }: { report: Report; signature: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  const linkId = useId();
  const hintId = useId();

  const share = () => {
    setCopied(null);
    startTransition(async () => {
      try {
        const res = await shareAction({ report, signature });
        if (res.ok) setState({ kind: 'shared', url: new URL(res.path, window.location.origin).toString(), expiresAt: res.expiresAt });
        else setState({ kind: 'error', message: res.error });
      } catch {
        setState({ kind: 'error', message: 'Sharing failed: the app did not answer. Your check result is still here; try Share again in a moment.' });
      }
    });
  };

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure origin): select the link so Ctrl+C works.
      input.current?.focus();
      input.current?.select();
      setCopied('manual');
    }
  };

  if (state.kind === 'shared') {
    return (
      <div className="share share-done">
        <label htmlFor={linkId}>Share link</label>
        <div className="share-row">
          <input id={linkId} ref={input} className="share-url" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} data-testid="share-url" />
          <button type="button" className="primary" onClick={() => copy(state.url)}>
            Copy link
          </button>
        </div>
        <p className="muted small" aria-live="polite">
          {copied === 'yes' ? 'Copied. ' : copied === 'manual' ? 'Selected: press Ctrl+C (⌘C) to copy. ' : ''}
          Expires on{' '}
          <time dateTime={state.expiresAt} data-testid="share-expires">
            {EXPIRY.format(new Date(state.expiresAt))}
          </time>
          ; anyone with the link can open it until then.{' '}
          <a href={state.url} target="_blank" rel="noopener">
            Open
          </a>
        </p>
      </div>
    );
  }

  return (
    <div className="share">
      <button type="button" className="secondary" onClick={share} disabled={pending} aria-describedby={hintId}>
        {pending ? 'Sharing…' : 'Share'}
      </button>
      <p id={hintId} className="muted small">
        Public link for 7 days. Headers you added, session ids, cookies and the URL&apos;s query are left out.
      </p>
      {state.kind === 'error' ? (
        <p role="alert" className="form-error small">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
