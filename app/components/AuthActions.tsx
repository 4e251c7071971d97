'use client';
// The AUTH callout's two ways forward, "Get a token" and "Paste a token", on the live page only: the
// check form renders this into the callout (AuthCallout's `actions`), so a shared report, which has
// no form to re-run, loads none of this code.
import { useId, useState } from 'react';
import type { AuthReport } from '@/lib/report/auth';
import { blockingProblem } from '@/lib/signin/preflight';

export interface AuthProblem {
  title?: string;
  message: string;
}

export interface AuthCalloutActions {
  /** Start the authorization-code flow; `clientId` when the person entered one. */
  getToken: (clientId?: string) => void;
  /** Add (or reuse) an Authorization header row and focus its value. */
  pasteToken: () => void;
  busy: boolean;
  problem?: AuthProblem;
  needsClientId?: { message: string; redirectUri?: string };
}

export function AuthActions({ actions, auth, url }: { actions: AuthCalloutActions; auth: AuthReport; url: string }) {
  const blocked = blockingProblem(auth, url);
  const [clientId, setClientId] = useState('');
  const clientIdField = useId();
  const hintId = useId();
  const { busy, problem, needsClientId } = actions;
  return (
    <>
      <div className="callout-actions">
        <button type="button" className="primary" onClick={() => actions.getToken()} disabled={busy || blocked !== undefined} aria-describedby={blocked ? hintId : undefined}>
          {busy ? 'Contacting the authorization server…' : auth.rejected?.scope ? `Get a token with scope ${auth.rejected.scope}` : 'Get a token'}
        </button>
        <button type="button" className="secondary" onClick={actions.pasteToken}>
          Paste a token
        </button>
      </div>
      {blocked ? (
        <p id={hintId} className="muted small">
          {blocked}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className="form-error">
          {problem.title ? <strong>{problem.title}. </strong> : null}
          {problem.message}
        </p>
      ) : null}
      {needsClientId ? (
        <form
          className="client-id"
          onSubmit={(e) => {
            e.preventDefault();
            actions.getToken(clientId);
          }}
        >
          <p role="alert" className="callout-note">
            {needsClientId.message}
          </p>
          <label htmlFor={clientIdField}>Client ID</label>
          <div className="url-row">
            <input id={clientIdField} value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" spellCheck={false} required />
            <button type="submit" className="primary" disabled={busy}>
              Continue
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}
