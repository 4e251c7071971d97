import { beforeEach, describe, expect, it } from 'vitest';
import { completeFlow } from './callback';
import { MemoryFlowStore, type FlowRecord } from './flows';
import { scriptedOutbound } from '@/e2e/support/scripted-outbound';

const ISSUER = 'https://as.example/tenant1';
let flows = new MemoryFlowStore();

function flow(over: Partial<FlowRecord> = {}): FlowRecord {
  const rec: FlowRecord = {
    state: 'state-1',
    binding: 'binding-1',
    verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    issuer: ISSUER,
    issRequired: false,
    tokenEndpoint: 'https://as.example/tenant1/token',
    clientId: 'client-1',
    tokenAuthMethod: 'none',
    redirectUri: 'https://app.example/oauth/callback',
    resource: 'https://mcp.example/mcp',
    scope: 'files:read',
    client: '203.0.113.1',
    mcpUrl: 'https://mcp.example/mcp',
    createdAt: Date.now(),
    ...over,
  };
  void flows.save(rec);
  return rec;
}

const TOKEN = { access_token: 'at-123456789', token_type: 'Bearer', expires_in: 3600, scope: 'files:read', refresh_token: 'rt-never-kept' };

describe('completeFlow', () => {
  beforeEach(() => {
    flows = new MemoryFlowStore();
  });

  it('redeems the code with the verifier, redirect URI and resource, and hands back the token only', async () => {
    flow();
    const { make, sent } = scriptedOutbound([{ status: 200, body: TOKEN }]);
    const out = await completeFlow({ state: 'state-1', code: 'code-1', iss: ISSUER }, 'binding-1', { flows, outbound: make });
    expect(out).toMatchObject({
      kind: 'token',
      mcpUrl: 'https://mcp.example/mcp',
      token: { access_token: 'at-123456789', token_type: 'Bearer', expires_in: 3600, scope: 'files:read', resource: 'https://mcp.example/mcp', issuer: ISSUER },
    });
    if (out.kind !== 'token') return;
    expect(Object.keys(out.token).sort()).toEqual(['access_token', 'expires_in', 'issuer', 'resource', 'scope', 'token_type']);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('https://as.example/tenant1/token');
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      redirect_uri: 'https://app.example/oauth/callback',
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      resource: 'https://mcp.example/mcp',
      client_id: 'client-1',
    });
    expect(JSON.stringify(out)).not.toContain('rt-never-kept');
  });

  it('is single use: the same state again is not recognised', async () => {
    flow();
    const { make } = scriptedOutbound([{ status: 200, body: TOKEN }]);
    await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make });
    const again = await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make });
    expect(again).toMatchObject({ kind: 'error', title: 'Sign-in not recognised' });
  });

  it('rejects a missing or unknown state without contacting anyone', async () => {
    flow();
    const { make, sent } = scriptedOutbound([]);
    expect(await completeFlow({ code: 'c' }, 'binding-1', { flows, outbound: make })).toMatchObject({ kind: 'error', title: 'Sign-in not recognised' });
    expect(await completeFlow({ state: 'nope', code: 'c' }, 'binding-1', { flows, outbound: make })).toMatchObject({ kind: 'error' });
    expect(sent).toHaveLength(0);
  });

  it('rejects a callback from another browser (binding cookie missing or different)', async () => {
    flow();
    const { make, sent } = scriptedOutbound([]);
    expect(await completeFlow({ state: 'state-1', code: 'c' }, undefined, { flows, outbound: make })).toMatchObject({ kind: 'error', title: 'Sign-in started elsewhere' });
    flow();
    expect(await completeFlow({ state: 'state-1', code: 'c' }, 'binding-2', { flows, outbound: make })).toMatchObject({ kind: 'error' });
    expect(sent).toHaveLength(0);
  });

  it('RFC 9207: an iss mismatch is discarded without redeeming the code or showing error values', async () => {
    flow();
    const { make, sent } = scriptedOutbound([]);
    const out = await completeFlow({ state: 'state-1', code: 'c', iss: 'https://as.example/tenant1/', error: 'access_denied', error_description: 'attacker text' }, 'binding-1', { flows, outbound: make });
    expect(out).toMatchObject({ kind: 'error', title: 'Answer from the wrong server', mcpUrl: 'https://mcp.example/mcp' });
    expect(JSON.stringify(out)).not.toContain('attacker text');
    expect(sent).toHaveLength(0);
  });

  it('RFC 9207: a missing iss is rejected when the AS said it always sends one', async () => {
    flow({ issRequired: true });
    const { make, sent } = scriptedOutbound([]);
    expect(await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make })).toMatchObject({ kind: 'error', title: 'Answer from the wrong server' });
    expect(sent).toHaveLength(0);
  });

  it('explains a cancelled sign-in in plain words, with what to do next', async () => {
    flow();
    const out = await completeFlow({ state: 'state-1', error: 'access_denied', error_description: 'End-User aborted interaction', iss: ISSUER }, 'binding-1', { flows });
    expect(out).toMatchObject({ kind: 'error', title: 'Sign-in cancelled' });
    if (out.kind === 'error') expect(out.message).toMatch(/Get a token.*again|paste a token/i);
  });

  it('explains a token endpoint refusal', async () => {
    flow();
    const { make } = scriptedOutbound([{ status: 400, body: { error: 'invalid_grant', error_description: 'code expired' } }]);
    const out = await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make });
    expect(out).toMatchObject({ kind: 'error', title: 'Token request refused' });
    if (out.kind === 'error') expect(out.message).toContain('invalid_grant: code expired');
  });

  it('explains an unreachable token endpoint', async () => {
    flow();
    const { make } = scriptedOutbound([]);
    expect(await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make })).toMatchObject({ kind: 'error', title: 'Token endpoint unreachable' });
  });

  it('refuses a token that is not a Bearer token', async () => {
    flow();
    const { make } = scriptedOutbound([{ status: 200, body: { ...TOKEN, token_type: 'DPoP' } }]);
    expect(await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make })).toMatchObject({ kind: 'error', title: 'Unusable token type' });
  });

  it('sends a DCR-issued secret the way the AS asked (client_secret_basic)', async () => {
    flow({ clientSecret: 's e/cret', tokenAuthMethod: 'client_secret_basic' });
    const { make, sent } = scriptedOutbound([{ status: 200, body: TOKEN }]);
    await completeFlow({ state: 'state-1', code: 'c' }, 'binding-1', { flows, outbound: make });
    expect(sent[0]?.headers.authorization).toBe(`Basic ${Buffer.from('client-1:s+e%2Fcret').toString('base64')}`);
    expect(new URLSearchParams(sent[0]?.body).has('client_id')).toBe(false);
  });

  describe('the trail', () => {
    const secrets = ['code-1', 'state-1', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'at-123456789', 'rt-never-kept', 'binding-1'];
    const jwt = (payload: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2lnbmF0dXJl`;
    const ids = (out: Awaited<ReturnType<typeof completeFlow>>) => out.trail?.trail.findings.map((f) => `${f.id}:${f.severity}`) ?? [];

    it('records the authorization response and the token exchange with every secret masked, signed', async () => {
      flow();
      const { make } = scriptedOutbound([{ status: 200, body: TOKEN }]);
      const out = await completeFlow({ state: 'state-1', code: 'code-1', iss: ISSUER }, 'binding-1', { flows, outbound: make });
      const trail = out.trail!.trail;
      expect(out.trail!.signature).toMatch(/^t1\./);
      expect(trail.steps.map((s) => [s.id, s.name, s.status])).toEqual([
        ['auth/r1/callback', 'authorization response', 'ok'],
        ['auth/r1/token', 'token request', 'ok'],
      ]);
      const [callback, token] = trail.steps;
      expect(callback?.request?.url).toBe(`https://app.example/oauth/callback?state=${encodeURIComponent('••••••')}&code=${encodeURIComponent('••••••')}&iss=${encodeURIComponent(ISSUER)}`);
      expect(token?.request?.body).toContain('code=••••••');
      expect(token?.request?.body).toContain('code_verifier=••••••');
      expect(token?.request?.body).toContain('resource=https://mcp.example/mcp');
      expect(token?.response?.status).toBe(200);
      expect(JSON.parse(token?.response?.body ?? '{}')).toMatchObject({ access_token: '••••••', refresh_token: '••••••', token_type: 'Bearer', scope: 'files:read' });
      expect(token?.notes).toBe('Bearer token · expires in 3600 s · scope granted: files:read · refresh token issued');
      const text = JSON.stringify(out.trail);
      for (const s of secrets) expect(text).not.toContain(s);
      expect(ids(out)).toEqual(['A24:info']);
    });

    it('finds a missing iss, narrower scopes, a JWT for another audience and a non-Bearer token', async () => {
      flow({ scope: 'files:read files:write' });
      const body = { access_token: jwt({ aud: 'https://other.example/api' }), token_type: 'Bearer', scope: 'files:read' };
      const out = await completeFlow({ state: 'state-1', code: 'code-1' }, 'binding-1', { flows, outbound: scriptedOutbound([{ status: 200, body }]).make });
      expect(out.kind).toBe('token');
      expect(ids(out)).toEqual(['A20:info', 'A21:warning', 'A23:error']);
      expect(out.trail!.trail.steps[1]?.notes).toContain('JWT, aud https://other.example/api');
      expect(out.trail!.trail.findings.find((f) => f.id === 'A21')?.evidence).toBe('asked “files:read files:write”, granted “files:read”');

      flow();
      const dpop = await completeFlow({ state: 'state-1', code: 'code-1', iss: ISSUER }, 'binding-1', { flows,
        outbound: scriptedOutbound([{ status: 200, body: { access_token: 'at-123456789', token_type: 'DPoP' } }]).make,
      });
      expect(dpop).toMatchObject({ kind: 'error', title: 'Unusable token type' });
      expect(ids(dpop)).toEqual(['A22:error']);
      expect(dpop.trail!.trail.steps[1]?.status).toBe('error');
    });

    it('an error at the authorization server is the failed row, and the trail still comes back', async () => {
      flow();
      const out = await completeFlow({ state: 'state-1', error: 'access_denied', error_description: 'User said no', iss: ISSUER }, 'binding-1', { flows,
        outbound: scriptedOutbound([]).make,
      });
      expect(out).toMatchObject({ kind: 'error', title: 'Sign-in cancelled' });
      expect(out.trail!.trail.steps).toMatchObject([{ id: 'auth/r1/callback', status: 'error', notes: 'error=access_denied: User said no' }]);
    });
  });
});
