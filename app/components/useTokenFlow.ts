'use client';
// The browser half of "Get a token" (the authorization code flow,
// https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-flow-steps): ask the server action for an authorization URL,
// remember the form in sessionStorage, leave for the authorization server, and on the way back
// take the callback's result out of sessionStorage (once) and give it to the form.
import { useEffect, useRef, useState } from 'react';
import type { Report } from '@/lib/report/schema';
import { restoreReport } from '@/app/actions';
import { startTokenFlow } from '@/app/oauth/actions';
import { RESULT_KEY, RETURN_KEY } from '@/app/oauth/keys';
import type { AuthCalloutActions, AuthProblem } from './AuthActions';

export type HeaderPair = [string, string];

/** What the form looked like before leaving; the report is already redacted by the engine. */
interface ReturnState {
  url: string;
  rows: HeaderPair[];
  report: Report | null;
  /** The server's signature of that report, so it can be restored (and still shared) after the trip. */
  signature?: string;
}

/** The sign-in's trail as the callback signed it; the server verifies it before using it. */
export interface HandedTrail {
  trail: unknown;
  signature: string;
}

type HandoffResult = (
  | { kind: 'token'; token: { access_token: string; issuer: string; scope?: string } }
  | { kind: 'error'; title: string; message: string }
) & { trail?: HandedTrail };

export interface Resumed {
  url: string;
  rows: HeaderPair[];
  report: Report | null;
  signature?: string;
  /** Present when the sign-in produced a token. */
  accessToken?: string;
  /** The trail of the sign-in, for the check with the token. */
  trail?: HandedTrail;
}

// sessionStorage is this origin's, but whatever is read from it is checked before use. By hand, for
// these two small shapes: zod in the browser would cost the page 39 KB of gzipped JavaScript. The
// report inside the saved form is checked by the server (restoreReport verifies its signature).
const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readReturnState(v: unknown): (Omit<ReturnState, 'report'> & { report: unknown }) | undefined {
  if (!isObject(v) || !isString(v.url) || !Array.isArray(v.rows)) return undefined;
  const rows = v.rows.filter((r): r is HeaderPair => Array.isArray(r) && r.length === 2 && isString(r[0]) && isString(r[1]));
  if (rows.length !== v.rows.length) return undefined;
  return { url: v.url, rows, report: v.report ?? null, ...(isString(v.signature) ? { signature: v.signature } : {}) };
}

export function readHandoffResult(v: unknown): HandoffResult | undefined {
  if (!isObject(v)) return undefined;
  const trail = isObject(v.trail) && isString(v.trailSignature) ? { trail: { trail: v.trail, signature: v.trailSignature } } : {};
  if (v.kind === 'error') return isString(v.title) && isString(v.message) ? { kind: 'error', title: v.title, message: v.message, ...trail } : undefined;
  if (v.kind !== 'token' || !isObject(v.token)) return undefined;
  const { access_token, issuer, scope } = v.token;
  if (!isString(access_token) || access_token.length === 0 || !isString(issuer) || (scope !== undefined && !isString(scope))) return undefined;
  return { kind: 'token', token: { access_token, issuer, ...(scope !== undefined ? { scope } : {}) }, ...trail };
}

/** Read a sessionStorage item once: it is removed whether or not it parses. */
function takeItem<T>(key: string, read: (v: unknown) => T | undefined): T | undefined {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    return read(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

function saveReturn(state: ReturnState): void {
  try {
    sessionStorage.setItem(RETURN_KEY, JSON.stringify(state));
  } catch {
    // Storage full or blocked: keep the header rows at least; the report is re-run on return.
    try {
      sessionStorage.setItem(RETURN_KEY, JSON.stringify({ ...state, report: null }));
    } catch {
      // Nothing to keep: the person will see an empty form, and the callback still works.
    }
  }
}

/** Replace the value of the first Authorization row, or add one. */
export function withBearer(rows: HeaderPair[], token: string): HeaderPair[] {
  const value = `Bearer ${token}`;
  const i = rows.findIndex(([name]) => name.trim().toLowerCase() === 'authorization');
  if (i === -1) return [...rows, ['Authorization', value]];
  return rows.map((r, j) => (j === i ? [r[0], value] : r));
}

export interface TokenFlowOptions {
  /** The form and report as they are now, for the trip to the authorization server. */
  snapshot: () => ReturnState;
  /** Put the form back after the trip; `accessToken` means: use it and check again. */
  onResume: (resumed: Resumed) => void;
  pasteToken: () => void;
  /** The report as it is now with the trail of a sign-in that stopped early (registration refused). */
  onTrail?: (shown: { report: Report; signature: string }) => void;
}

export function useTokenFlow({ snapshot, onResume, pasteToken, onTrail }: TokenFlowOptions) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<AuthProblem | undefined>();
  const [needsClientId, setNeedsClientId] = useState<{ message: string; redirectUri?: string } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const resumeRef = useRef(onResume);
  /** Set while the check with a new token runs: what the notice says once it is done. */
  const pendingRecheck = useRef<string | undefined>(undefined);
  useEffect(() => {
    resumeRef.current = onResume;
  });

  // Back from /oauth/callback (?auth=1): sessionStorage exists only in the browser, so this runs
  // after hydration, once.
  useEffect(() => {
    const result = takeItem(RESULT_KEY, readHandoffResult);
    const saved = takeItem(RETURN_KEY, readReturnState);
    const params = new URLSearchParams(window.location.search);
    if (params.get('auth') === '1') {
      // Leave a URL that does not resume again on reload.
      params.delete('auth');
      window.history.replaceState(null, '', `${window.location.pathname}${params.size ? `?${params.toString()}` : ''}`);
    }
    // Nothing to resume, or back here without a result (the Back button from the sign-in page):
    // then only the saved form comes back.
    if (result === undefined && saved === undefined) return;
    const url = saved?.url ?? params.get('url') ?? '';
    const resume = (restored: { report: Report; signature: string } | null) => {
      const base: Resumed = { url, rows: saved?.rows ?? [], report: restored?.report ?? null, ...(restored ? { signature: restored.signature } : {}) };
      if (result === undefined) {
        resumeRef.current(base);
      } else if (result.kind === 'token') {
        const received = `Token received from ${result.token.issuer}${result.token.scope ? ` (scope: ${result.token.scope})` : ''}. It is in the Authorization header for this tab only`;
        setNotice(`${received}; checking again with it.`);
        pendingRecheck.current = received;
        resumeRef.current({ ...base, accessToken: result.token.access_token, ...(result.trail ? { trail: result.trail } : {}) });
      } else {
        setProblem({ title: result.title, message: result.message });
        resumeRef.current(base);
      }
    };
    // With a token the check runs again, so the old report is not needed. Without one it is shown
    // again, once the server has verified it (a report that fails is dropped; the form remains).
    if (result?.kind !== 'token' && saved?.report && saved.signature) {
      restoreReport({ report: saved.report, signature: saved.signature, ...(result?.trail ? { trail: result.trail } : {}) }).then(resume, () => resume(null));
    } else {
      // Deferred a tick: the form's state is set from outside this effect, as after any event.
      queueMicrotask(() => resume(null));
    }
  }, []);

  // Back from the sign-in page out of the back/forward cache: this page never left memory, so the
  // saved copy is not needed, and the button must not stay busy.
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      setBusy(false);
      try {
        sessionStorage.removeItem(RETURN_KEY);
      } catch {
        // nothing saved, or storage blocked
      }
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);

  const getToken = (clientId?: string) => {
    const snap = snapshot();
    setBusy(true);
    setProblem(undefined);
    setNotice(undefined);
    // Step-up: the report whose token lacked a scope goes along (signed); the server reads the scope from it.
    const stepUp = snap.report?.auth?.rejected?.scope && snap.signature ? { stepUp: { report: snap.report, signature: snap.signature } } : {};
    startTokenFlow({ url: snap.url, ...(clientId !== undefined ? { clientId } : {}), ...stepUp }).then(
      (res) => {
        if (res.kind === 'redirect') {
          saveReturn(snap);
          setNeedsClientId(undefined);
          // Stay busy: the page is about to leave for the authorization server.
          window.location.assign(res.authorizationUrl);
          return;
        }
        setBusy(false);
        if (res.kind === 'needs-client-id') {
          setNeedsClientId({ message: res.message, ...(res.redirectUri ? { redirectUri: res.redirectUri } : {}) });
          // The refused registration (the server's error and error_description) joins the report's trail.
          if (res.trail && snap.report && snap.signature && onTrail) {
            restoreReport({ report: snap.report, signature: snap.signature, trail: res.trail }).then((shown) => shown && onTrail(shown), () => undefined);
          }
        }
        else setProblem({ title: 'Cannot get a token', message: res.message });
      },
      () => {
        setBusy(false);
        setProblem({ title: 'No answer', message: 'The app did not answer. Try again in a moment.' });
      },
    );
  };

  const actions: AuthCalloutActions = {
    getToken,
    pasteToken,
    busy,
    ...(problem ? { problem } : {}),
    ...(needsClientId ? { needsClientId } : {}),
  };
  /** The check with the new token finished: the notice says how it went instead of "checking again". */
  const recheckDone = (report: Report | null) => {
    const received = pendingRecheck.current;
    if (received === undefined) return;
    pendingRecheck.current = undefined;
    if (report === null) setNotice(`${received}. The check with it could not be run.`);
    else if (report.verdict === 'auth-required') setNotice(`${received}. Checked again with it: the server still asks for authorization (see below).`);
    else setNotice(`${received}. Checked again with it: ${report.summary}`);
  };
  return { actions, notice, recheckDone, clearNotice: () => setNotice(undefined) };
}
