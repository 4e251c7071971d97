// Getting a client_id at an authorization server, in the MCP 2025-11-25 / 2026-07-28 priority:
// a client id the person already has, else a Client ID Metadata Document, else Dynamic Client
// Registration (RFC 7591, with application_type), else ask the person for one.
import { z } from 'zod';
import type { AuthorizationServerMetadata } from '../report/auth';
import type { OutboundHandle } from '../net/outbound';
import { canUseClientIdMetadataDocument, clientIdUrl, clientMetadata, redirectUri } from './client';
import type { TokenAuthMethod } from './flows';
import { oauthErrorText } from './messages';
import type { Finding, Step } from '../report/schema';
import { noteStep, recordedPost } from './trail';
import { registrationFindings } from './trail-findings';

/** Where registration writes its trail row (and findings): the sign-in's round and clock. */
export interface RegistrationRecorder {
  round: number;
  startMs: number;
  add(step: Step, findings?: Finding[]): void;
}

export interface RegisteredClient {
  method: 'cimd' | 'dcr' | 'pre-registered';
  clientId: string;
  clientSecret?: string;
  tokenAuthMethod: TokenAuthMethod;
}

export type Registration =
  | { ok: true; client: RegisteredClient }
  /** The person can still go on by entering a client id; `message` says why it is needed. */
  | { ok: false; needsClientId: true; message: string };

// RFC 7591 §3.2.1: client_id is REQUIRED; a secret only when the server made the client confidential.
const DcrAnswer = z.object({
  client_id: z.string().min(1).max(1024),
  client_secret: z.string().min(1).optional(),
  token_endpoint_auth_method: z.string().optional(),
});

/** A client id as a person would paste it: printable, no spaces, a sane length. */
export const ClientIdInput = z
  .string()
  .trim()
  .min(1, 'Enter a client ID.')
  .max(512, 'That client ID is longer than 512 characters.')
  .regex(/^[\x21-\x7e]+$/, 'A client ID has no spaces or control characters.');

// DCR results are cached per issuer (MCP 2026-07-28: credentials are bound to the issuer and never
// reused with another AS), so repeated sign-ins do not register a new client every time. An hour,
// so that an AS that forgets its clients (a restart, a demo server) costs at most one bad sign-in.
const DCR_TTL_MS = 60 * 60_000;
const MAX_DCR = 200;
const KEY = Symbol.for('mcp-health.oauth.dcr');
type Cache = Map<string, { client: RegisteredClient; at: number }>;
const holder = globalThis as typeof globalThis & { [KEY]?: Cache };
const cache = (): Cache => (holder[KEY] ??= new Map());

function cacheKey(as: AuthorizationServerMetadata, origin: string): string {
  return [as.issuer, as.registration_endpoint ?? '', redirectUri(origin)].join('\n');
}

/** Drop a cached registration the AS no longer accepts (invalid_client / unauthorized_client). */
export function forgetRegistration(issuer: string, clientId: string): void {
  for (const [k, v] of cache()) if (k.startsWith(`${issuer}\n`) && v.client.clientId === clientId) cache().delete(k);
}

export async function registerClient(
  args: { as: AuthorizationServerMetadata; origin: string; clientId?: string; now: number },
  handle: OutboundHandle,
  record?: RegistrationRecorder,
): Promise<Registration> {
  const { as, origin } = args;
  const redirect = redirectUri(origin);
  const note = (status: Step['status'], notes: string, extra: Partial<Step> = {}) =>
    record?.add(noteStep(record.round, 'registration', 'client registration', status, notes, record.startMs, extra));
  if (args.clientId !== undefined) {
    note('ok', `Client ID entered by you: ${args.clientId} (pre-registered, no registration request)`);
    return { ok: true, client: { method: 'pre-registered', clientId: args.clientId, tokenAuthMethod: 'none' } };
  }
  if (as.client_id_metadata_document_supported === true && canUseClientIdMetadataDocument(origin)) {
    // MCP 2025-11-25 "Client ID Metadata Documents": the AS fetches this URL itself; the row shows the document it gets.
    note('ok', `Client ID Metadata Document: the client_id is ${clientIdUrl(origin)}, which the authorization server fetches`, {
      response: { status: 200, headers: [['content-type', 'application/json']], contentType: 'application/json', body: JSON.stringify({ client_id: clientIdUrl(origin), ...clientMetadata(origin) }, null, 2), truncated: false },
    });
    return { ok: true, client: { method: 'cimd', clientId: clientIdUrl(origin), tokenAuthMethod: 'none' } };
  }
  if (as.registration_endpoint === undefined) {
    const why =
      as.client_id_metadata_document_supported === true
        ? `This authorization server accepts Client ID Metadata Documents, but this app runs on ${origin}, and a metadata-document client ID must be an https URL.`
        : 'This authorization server offers neither Client ID Metadata Documents nor dynamic client registration, so this app cannot register itself.';
    note('warn', why);
    return { ok: false, needsClientId: true, message: `${why} Enter a client ID registered for the redirect URI ${redirect}.` };
  }

  const key = cacheKey(as, origin);
  const hit = cache().get(key);
  if (hit && args.now - hit.at < DCR_TTL_MS) {
    note('ok', `Dynamic client registration: reusing client ${hit.client.clientId}, registered at ${as.registration_endpoint} ${Math.round((args.now - hit.at) / 60_000)} min ago`);
    return { ok: true, client: hit.client };
  }

  const row = { round: record?.round ?? 1, id: 'registration', name: 'client registration (DCR)', startMs: record?.startMs ?? 0 };
  const { answer, step } = await recordedPost(handle, row, as.registration_endpoint, { 'content-type': 'application/json' }, JSON.stringify(clientMetadata(origin)));
  const findings = answer.ok ? registrationFindings(answer.json, answer.status, origin, step.id) : [];
  if (answer.ok) {
    const good = (answer.status === 201 || answer.status === 200) && DcrAnswer.safeParse(answer.json).success;
    step.status = good ? 'ok' : 'error';
    step.notes = good ? `registered, client_id ${DcrAnswer.parse(answer.json).client_id.slice(0, 200)}` : `HTTP ${answer.status}: ${oauthErrorText(answer.json, answer.status)}`;
  }
  record?.add(step, findings);
  if (!answer.ok) {
    return {
      ok: false,
      needsClientId: true,
      message: `Registering this app at ${as.registration_endpoint} failed: ${answer.message} Try again, or enter a client ID registered for ${redirect}.`,
    };
  }
  const parsed = DcrAnswer.safeParse(answer.json);
  if ((answer.status !== 201 && answer.status !== 200) || !parsed.success) {
    const why = answer.status === 201 || answer.status === 200 ? 'its answer has no client_id' : oauthErrorText(answer.json, answer.status);
    return {
      ok: false,
      needsClientId: true,
      message: `The authorization server refused to register this app (${why}). Ask its operator for a client ID registered for the redirect URI ${redirect}, and enter it here.`,
    };
  }
  const { client_id, client_secret, token_endpoint_auth_method: method } = parsed.data;
  // We asked for a public client; a server that made it confidential anyway gets its secret back
  // the way it said (RFC 7591 §2: client_secret_basic is the default).
  const client: RegisteredClient = client_secret
    ? { method: 'dcr', clientId: client_id, clientSecret: client_secret, tokenAuthMethod: method === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic' }
    : { method: 'dcr', clientId: client_id, tokenAuthMethod: 'none' };
  const entries = cache();
  while (entries.size >= MAX_DCR) {
    const oldest = entries.keys().next();
    if (oldest.done) break;
    entries.delete(oldest.value);
  }
  entries.set(key, { client, at: args.now });
  return { ok: true, client };
}
