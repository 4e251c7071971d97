// What the CLI can do of "Get a token" without a browser: discovery (already in the report) and a
// preview of the registration a client would make, as a row of the trail. The registration request
// is shown, not sent: RFC 7591 registration creates a new client at the authorization server on
// every call (https://www.rfc-editor.org/rfc/rfc7591#section-3), which is not a side effect a check
// may have. A Client ID Metadata Document needs an https client_id the authorization server can
// fetch (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#client-id-metadata-documents),
// which a command on a person's machine does not have.
import type { Report, Step } from '../report/schema';
import { clientMetadata, redirectUri } from './client';

/** A local client's origin: a loopback redirect (RFC 8252 §7.3, any port at request time). */
export const LOOPBACK_ORIGIN = 'http://127.0.0.1';

export const PREVIEW_STEP_ID = 'auth/registration-preview';

/** The report with a "client registration (preview)" row after its discovery rows, when it found an authorization server. */
export function withRegistrationPreview(report: Report, origin: string = LOOPBACK_ORIGIN): Report {
  const as = report.auth?.authorizationServer;
  if (report.verdict !== 'auth-required' || as === undefined || report.steps.some((s) => s.id === PREVIEW_STEP_ID)) return report;
  const last = report.steps.reduce((end, s) => Math.max(end, s.startMs + s.latencyMs), 0);
  const base: Step = { id: PREVIEW_STEP_ID, name: 'client registration (preview)', group: 'auth', status: 'skipped', startMs: Math.round(last), latencyMs: 0, notes: '' };
  const cimd =
    as.client_id_metadata_document_supported === true
      ? 'The authorization server accepts Client ID Metadata Documents, but their client_id must be an https URL it can fetch, which a client on this machine does not have (the web app uses its own). '
      : '';
  let step: Step;
  if (as.registration_endpoint !== undefined) {
    step = {
      ...base,
      notes: `${cimd}Dynamic client registration: this request was not sent (registering creates a new client at the authorization server every time). It is what a local client would send, with the redirect URI ${redirectUri(origin)}.`,
      request: { method: 'POST', url: as.registration_endpoint, headers: [['content-type', 'application/json'], ['accept', 'application/json']], body: JSON.stringify(clientMetadata(origin), null, 2) },
    };
  } else {
    step = { ...base, status: 'warn', notes: `${cimd}No registration endpoint: a client needs a client ID registered with this authorization server by its operator, for a redirect URI such as ${redirectUri(origin)}.` };
  }
  return { ...report, steps: [...report.steps, step] };
}
