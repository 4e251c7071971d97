// The AUTH callout: who authorizes this server, which scopes, whether a browser client can
// register, the discovery trail, and two ways forward. No hooks: a shared report renders it on the
// server and ships none of its code. The buttons (AuthActions.tsx, a client component) come in
// through `actions`, which only the live page's check form passes.
import type { ReactNode } from 'react';
import type { AuthReport, TrailEntry } from '@/lib/report/auth';
import { rejectionSentence } from '@/lib/report/rejection';

function title(auth: AuthReport): string {
  if (auth.status === 403 || auth.rejected?.error === 'insufficient_scope') return 'The token lacks a scope';
  return auth.rejected ? 'The server rejected the token' : 'This server needs an OAuth token';
}

const REGISTRATION: Record<NonNullable<AuthReport['registration']>, string> = {
  cimd: 'Yes: Client ID Metadata Document (the app’s URL is its client ID)',
  dcr: 'Yes: dynamic client registration (RFC 7591)',
  'pre-registered-only': 'No: only pre-registered clients; you will need a client ID',
};

const PURPOSE: Record<TrailEntry['purpose'], string> = {
  prm: 'resource metadata',
  'as-metadata': 'authorization server metadata',
  'legacy-as-metadata': '2025-03-26 metadata',
};

export function AuthCallout({ auth, url, actions }: { auth: AuthReport; url: string; actions?: ReactNode }) {
  const as = auth.authorizationServer;
  const challengeScope = auth.challenge?.params.find(([k]) => k === 'scope') !== undefined;
  const registration = auth.registration
    ? REGISTRATION[auth.registration] + (auth.registration === 'cimd' && as?.registration_endpoint ? ', or dynamic registration' : '')
    : 'Unknown: no authorization server metadata';

  return (
    <section className="callout callout-auth" aria-labelledby="auth-callout-title" data-callout="auth">
      <h3 id="auth-callout-title">{title(auth)}</h3>
      <p className="callout-lead" data-rejection={auth.rejected?.error ?? (auth.rejected ? 'none' : undefined)}>
        {auth.rejected
          ? rejectionSentence(auth.rejected, auth.status)
          : auth.status === 403
            ? 'The server answered 403 insufficient_scope: sign in again for the scopes below.'
            : 'The server answered 401. Get a token from its authorization server, or paste one you already have, and the check runs again with it.'}
      </p>
      <dl className="auth-facts">
        <dt>Authorization server</dt>
        <dd>
          {as ? <code className="url">{as.issuer}</code> : <span className="muted">none found</span>}
          {auth.authorizationServerSource === 'legacy-metadata' || auth.authorizationServerSource === 'legacy-defaults' ? (
            <span className="muted"> (2025-03-26 discovery{auth.authorizationServerSource === 'legacy-defaults' ? ', default endpoints' : ''})</span>
          ) : null}
        </dd>
        <dt>Scopes</dt>
        <dd>
          {auth.scopes.length ? auth.scopes.map((s) => <code key={s} className="scope">{s}</code>) : <span className="muted">none requested</span>}
          {auth.scopes.length ? <span className="muted"> (from the {challengeScope ? 'challenge' : 'resource metadata'})</span> : null}
        </dd>
        <dt>Browser client can register</dt>
        <dd>{registration}</dd>
        {auth.resourceMetadata ? (
          <>
            <dt>Resource</dt>
            <dd>
              <code className="url">{auth.resourceMetadata.resource}</code>
              {auth.resourceMatch && auth.resourceMatch !== 'pass' ? <span className={`badge badge-${auth.resourceMatch}`}>{auth.resourceMatch === 'error' ? 'does not match' : 'loose match'}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>

      {actions ?? (
        <p className="muted small">
          To get a token, <a href={`/?${new URLSearchParams({ url }).toString()}`}>check this server yourself</a>.
        </p>
      )}

      <Trail auth={auth} url={url} />
    </section>
  );
}

function Trail({ auth, url }: { auth: AuthReport; url: string }) {
  const www = auth.challenge?.raw ?? [];
  return (
    <div className="trail">
      <h4>Discovery trail</h4>
      <ol className="trail-list">
        <li>
          <details>
            <summary>
              <Status code={auth.status} ok={false} /> <code className="url">{url}</code> <span className="muted">MCP endpoint · {www.length ? 'WWW-Authenticate challenge' : 'no WWW-Authenticate'}</span>
            </summary>
            <pre className="body">
              <code>{www.length ? www.map((v) => `WWW-Authenticate: ${v}`).join('\n') : '(no WWW-Authenticate header)'}</code>
            </pre>
          </details>
        </li>
        {auth.trail.map((t, i) => {
          const doc = t.outcome === 'ok' ? documentFor(auth, t) : undefined;
          const line = (
            <>
              <Status code={t.status} ok={t.outcome === 'ok'} label={t.status === undefined ? t.outcome : undefined} /> <code className="url">{t.url}</code>{' '}
              <span className="muted">
                {PURPOSE[t.purpose]} · {t.note}
              </span>
            </>
          );
          return (
            <li key={`${t.url}-${i}`} data-outcome={t.outcome}>
              {doc ? (
                <details>
                  <summary>{line}</summary>
                  <pre className="body">
                    <code>{JSON.stringify(doc, null, 2)}</code>
                  </pre>
                </details>
              ) : (
                <div className="trail-line">{line}</div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The accepted document behind an "ok" trail entry, as discovery parsed it. */
function documentFor(auth: AuthReport, t: TrailEntry): unknown {
  if (t.purpose === 'prm' && t.url === auth.resourceMetadataUrl) return auth.resourceMetadata;
  if (t.purpose !== 'prm' && t.url === auth.authorizationServerMetadataUrl) return auth.authorizationServer;
  return undefined;
}

function Status({ code, ok, label }: { code?: number; ok: boolean; label?: string }) {
  return <span className={`trail-status ${ok ? 'trail-ok' : 'trail-miss'}`}>{code ?? label ?? '—'}</span>;
}
