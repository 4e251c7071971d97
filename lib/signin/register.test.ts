import { describe, expect, it } from 'vitest';
import type { AuthorizationServerMetadata } from '../report/auth';
import { forgetRegistration, registerClient } from './register';
import { scriptedOutbound } from '@/e2e/support/scripted-outbound';
import { CLOSED_POLICY } from '../net/policy';

let n = 0;
/** A fresh issuer per test: DCR results are cached per issuer. */
const as = (over: Partial<AuthorizationServerMetadata> = {}): AuthorizationServerMetadata => ({
  issuer: `https://as${++n}.example`,
  authorization_endpoint: 'https://as.example/authorize',
  token_endpoint: 'https://as.example/token',
  ...over,
});

describe('registerClient (MCP client registration priority)', () => {
  it('uses a client id the person entered, without contacting anyone', async () => {
    const { make, sent } = scriptedOutbound([]);
    const r = await registerClient({ as: as({ registration_endpoint: 'https://as.example/reg' }), origin: 'https://app.example', clientId: 'mine', now: 0 }, make({ policy: CLOSED_POLICY }));
    expect(r).toEqual({ ok: true, client: { method: 'pre-registered', clientId: 'mine', tokenAuthMethod: 'none' } });
    expect(sent).toHaveLength(0);
  });

  it('prefers a Client ID Metadata Document when the AS supports it and the app is on https', async () => {
    const { make, sent } = scriptedOutbound([]);
    const r = await registerClient({ as: as({ client_id_metadata_document_supported: true, registration_endpoint: 'https://as.example/reg' }), origin: 'https://app.example', now: 0 }, make({ policy: CLOSED_POLICY }));
    expect(r).toEqual({ ok: true, client: { method: 'cimd', clientId: 'https://app.example/oauth/client.json', tokenAuthMethod: 'none' } });
    expect(sent).toHaveLength(0);
  });

  it('the trail row says which way the client id came: the one the person gave, or the CIMD document the AS will fetch', async () => {
    const rows: Array<{ name: string; notes: string; body?: string }> = [];
    const record = { round: 1, startMs: 0, add: (st: { name: string; notes: string; response?: { body: string } }) => rows.push({ name: st.name, notes: st.notes, ...(st.response ? { body: st.response.body } : {}) }) };
    const { make } = scriptedOutbound([]);
    await registerClient({ as: as({ registration_endpoint: 'https://as.example/reg' }), origin: 'https://app.example', clientId: 'mine', now: 0 }, make({ policy: CLOSED_POLICY }), record);
    await registerClient({ as: as({ client_id_metadata_document_supported: true }), origin: 'https://app.example', now: 0 }, make({ policy: CLOSED_POLICY }), record);
    expect(rows[0]).toEqual({ name: 'client registration', notes: 'Client ID entered by you: mine (pre-registered, no registration request)' });
    expect(rows[1]?.notes).toBe('Client ID Metadata Document: the client_id is https://app.example/oauth/client.json, which the authorization server fetches');
    expect(JSON.parse(rows[1]?.body ?? '{}')).toMatchObject({ client_id: 'https://app.example/oauth/client.json', redirect_uris: ['https://app.example/oauth/callback'], application_type: 'web', token_endpoint_auth_method: 'none' });
  });

  it('falls back to DCR on a plain-http origin, with application_type native for loopback, and caches per issuer', async () => {
    const { make, sent } = scriptedOutbound([{ status: 201, body: { client_id: 'c-82f1', client_id_issued_at: 1 } }]);
    const server = as({ client_id_metadata_document_supported: true, registration_endpoint: 'https://as.example/reg' });
    const r = await registerClient({ as: server, origin: 'http://127.0.0.1:3210', now: 0 }, make({ policy: CLOSED_POLICY }));
    expect(r).toEqual({ ok: true, client: { method: 'dcr', clientId: 'c-82f1', tokenAuthMethod: 'none' } });
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1:3210/oauth/callback'],
      token_endpoint_auth_method: 'none',
    });
    const again = await registerClient({ as: server, origin: 'http://127.0.0.1:3210', now: 1000 }, make({ policy: CLOSED_POLICY }));
    expect(again).toEqual(r);
    expect(sent).toHaveLength(1);
    forgetRegistration(server.issuer, 'c-82f1');
    const third = await registerClient({ as: server, origin: 'http://127.0.0.1:3210', now: 2000 }, make({ policy: CLOSED_POLICY }));
    expect(third.ok).toBe(false); // nothing scripted: it tried to register again
  });

  it('DCR with application_type web for a hosted app; keeps a secret the AS insisted on', async () => {
    const { make, sent } = scriptedOutbound([{ status: 201, body: { client_id: 'c', client_secret: 's', token_endpoint_auth_method: 'client_secret_post' } }]);
    const r = await registerClient({ as: as({ registration_endpoint: 'https://as.example/reg' }), origin: 'https://app.example', now: 0 }, make({ policy: CLOSED_POLICY }));
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({ application_type: 'web', client_uri: 'https://app.example' });
    expect(r).toEqual({ ok: true, client: { method: 'dcr', clientId: 'c', clientSecret: 's', tokenAuthMethod: 'client_secret_post' } });
  });

  it('a refused registration asks for a client id, quoting the AS', async () => {
    const { make } = scriptedOutbound([{ status: 400, body: { error: 'invalid_redirect_uri', error_description: 'http not allowed' } }]);
    const r = await registerClient({ as: as({ registration_endpoint: 'https://as.example/reg' }), origin: 'https://app.example', now: 0 }, make({ policy: CLOSED_POLICY }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/refused to register this app \(invalid_redirect_uri: http not allowed\).*client ID.*https:\/\/app\.example\/oauth\/callback/);
  });

  it('no CIMD and no registration endpoint: ask for a client id and say why', async () => {
    const { make } = scriptedOutbound([]);
    const r = await registerClient({ as: as(), origin: 'https://app.example', now: 0 }, make({ policy: CLOSED_POLICY }));
    expect(r).toMatchObject({ ok: false, needsClientId: true });
    if (!r.ok) expect(r.message).toMatch(/neither Client ID Metadata Documents nor dynamic client registration/);
    const cimdOnHttp = await registerClient({ as: as({ client_id_metadata_document_supported: true }), origin: 'http://127.0.0.1:3210', now: 0 }, make({ policy: CLOSED_POLICY }));
    if (!cimdOnHttp.ok) expect(cimdOnHttp.message).toMatch(/must be an https URL/);
  });
});
