// Authorization against real peers (SDK v2 resource server behind the SDK v1 or oidc-provider
// authorization server) and fixtures for metadata shapes no peer shows on demand. 127.0.0.1 only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCheck, type CheckDeps } from '@/lib/check';
import { codeChallengeS256 } from '@/lib/auth/pkce';
import { Report } from '@/lib/report/schema';
import { completeFlow } from '@/lib/signin/callback';
import { MemoryFlowStore } from '@/lib/signin/flows';
import { startFlow } from '@/lib/signin/start';
import { mergeTrail } from '@/lib/signin/trail-sign';
import { stepUpFrom } from '@/lib/signin/trail';
import { startAuthStack, type AuthStack } from '../peers/auth';
import { startAuthFixture, startFlowFixture, STEP_UP_ROUND_ROWS, type AuthFixture, type AuthFixtureKind, type FlowFixture } from '../fixtures/auth';
import { testDeps } from './deps';

// The token flow's own requests (registration, code exchange) use the app's address policy, read
// from the environment; the peers here live on 127.0.0.1, so this file opts in as an operator would.
beforeAll(() => {
  vi.stubEnv('ALLOW_PRIVATE_NETWORKS', 'true');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const deps: CheckDeps = testDeps();
/** The redirect URI's origin, as in the browser tests; nothing listens there in this file. */
const APP = 'http://127.0.0.1:3210';
/** The guard's key for the person signing in (their address). */
const CLIENT = '203.0.113.10';
const flows = new MemoryFlowStore();

describe('SDK v2 resource server + SDK v1 authorization server', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack('sdk');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('AUTH verdict with the full trail, metadata, endpoints and S256', async () => {
    const report = await runCheck({ url: stack.mcpUrl }, deps);
    expect(Report.parse(report)).toBeTruthy();
    expect(report.verdict).toBe('auth-required');
    const auth = report.auth!;
    const origin = new URL(stack.mcpUrl).origin;
    expect(auth.status).toBe(401);
    expect(auth.challenge?.scheme).toBe('Bearer');
    expect(auth.resourceMetadataSource).toBe('header');
    expect(auth.resourceMatch).toBe('pass');
    expect(auth.resourceMetadata).toMatchObject({ resource: stack.mcpUrl, authorization_servers: [stack.issuer], scopes_supported: ['mcp:tools'] });
    expect(auth.trail.map((t) => [t.purpose, t.url, t.status, t.outcome])).toEqual([
      ['prm', `${origin}/.well-known/oauth-protected-resource/mcp`, 200, 'ok'],
      ['as-metadata', `${stack.issuer.replace(/\/$/, '')}/.well-known/oauth-authorization-server`, 200, 'ok'],
    ]);
    expect(auth.authorizationServer).toMatchObject({
      issuer: stack.issuer,
      authorization_endpoint: `${stack.issuer}authorize`,
      token_endpoint: `${stack.issuer}token`,
      registration_endpoint: `${stack.issuer}register`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(auth.registration).toBe('dcr');
    expect(auth.scopes).toEqual(['mcp:tools']);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('Get a token end to end in Node: DCR, authorize (auto-approved), code exchange, then GOOD with the token', async () => {
    const started = await startFlow({ mcpUrl: stack.mcpUrl, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(started.kind, JSON.stringify(started)).toBe('redirect');
    if (started.kind !== 'redirect') return;
    expect(started.registration).toBe('dcr');
    const authz = new URL(started.authorizationUrl);
    expect(`${authz.origin}${authz.pathname}`).toBe(`${stack.issuer}authorize`);
    const p = Object.fromEntries(authz.searchParams);
    expect(p).toMatchObject({
      response_type: 'code',
      redirect_uri: `${APP}/oauth/callback`,
      scope: 'mcp:tools',
      code_challenge_method: 'S256',
      resource: stack.mcpUrl,
    });
    expect(p.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.client_id).toBeTruthy();

    // The demo AS approves at once: 302 to the redirect URI with code and state.
    const res = await fetch(started.authorizationUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(`${APP}/oauth/callback`);
    expect(back.searchParams.get('state')).toBe(p.state);
    const code = back.searchParams.get('code')!;

    // Another browser (no binding cookie) cannot redeem it…
    const stranger = await completeFlow({ state: p.state, code }, undefined, { flows });
    expect(stranger).toMatchObject({ kind: 'error', title: 'Sign-in started elsewhere' });
    // …and that used the flow up, so start again and finish properly.
    const again = await startFlow({ mcpUrl: stack.mcpUrl, origin: APP, client: CLIENT }, { check: deps, flows });
    if (again.kind !== 'redirect') throw new Error(JSON.stringify(again));
    const state = new URL(again.authorizationUrl).searchParams.get('state')!;
    const loc = new URL((await fetch(again.authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
    const done = await completeFlow({ state, code: loc.searchParams.get('code')! }, again.binding, { flows });
    expect(done.kind, JSON.stringify(done)).toBe('token');
    if (done.kind !== 'token') return;
    expect(done.mcpUrl).toBe(stack.mcpUrl);
    expect(done.token).toMatchObject({ token_type: 'Bearer', resource: stack.mcpUrl, issuer: stack.issuer, scope: 'mcp:tools' });
    // DCR was cached per issuer: both flows used the same client.
    expect(new URL(again.authorizationUrl).searchParams.get('client_id')).toBe(p.client_id);

    const token = done.token.access_token;
    // The trail of this sign-in: every row with its request, secrets masked, nothing secret inside.
    const trail = done.trail!.trail;
    expect(trail.steps.map((st) => [st.name, st.status])).toEqual([
      ['401 challenge', 'info'],
      ['resource metadata', 'ok'],
      ['authorization server metadata', 'ok'],
      ['client registration', 'ok'], // the DCR client of the first flow, reused
      ['authorization request', 'ok'],
      ['authorization response', 'ok'],
      ['token request', 'ok'],
    ]);
    expect(trail.steps.every((st) => st.group === 'auth')).toBe(true);
    const row = (name: string) => trail.steps.find((st) => st.name === name)!;
    expect(row('resource metadata').request?.url).toBe(`${new URL(stack.mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`);
    expect(row('resource metadata').response?.body).toContain(`"resource":"${stack.mcpUrl}"`);
    const authorize = new URL(row('authorization request').request!.url);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', state: '••••••', code_challenge_method: 'S256', resource: stack.mcpUrl, scope: 'mcp:tools' });
    expect(row('token request').notes).toMatch(/^bearer token · expires in \d+ s · scope granted: mcp:tools/);
    expect(JSON.parse(row('token request').response!.body)).toMatchObject({ access_token: '••••••', token_type: 'bearer' });
    const text = JSON.stringify(done.trail);
    for (const secret of [token, state, loc.searchParams.get('code')!]) expect(text).not.toContain(secret);

    const good = await runCheck({ url: stack.mcpUrl, headers: { Authorization: `Bearer ${token}` } }, deps);
    expect(good.verdict, good.summary).toBe('healthy');
    const merged = mergeTrail(good, trail);
    expect(merged.steps.slice(0, trail.steps.length).map((st) => st.id)).toEqual(trail.steps.map((st) => st.id));
    expect(merged.verdict).toBe('healthy');
    expect(Report.parse(merged)).toBeTruthy();
    expect(good.tools.map((t) => t.name).sort()).toEqual(['add_numbers', 'whoami']);
    // The token is sent but never kept: masked in the steps, absent from the report (what gets stored and shared).
    const sent = good.steps.find((s) => s.request)?.request?.headers.find(([k]) => k.toLowerCase() === 'authorization');
    expect(sent?.[1]).toBe('Bearer ••••••');
    expect(JSON.stringify(good)).not.toContain(token);

    // Single use: the same callback again is refused.
    expect(await completeFlow({ state, code: 'x' }, again.binding, { flows })).toMatchObject({ kind: 'error', title: 'Sign-in not recognised' });
  });

  it('a garbled token is answered 401 again (A17 holds), and AUTH stays the verdict', async () => {
    const report = await runCheck({ url: stack.mcpUrl, headers: { Authorization: 'Bearer not-a-real-token' } }, deps);
    expect(report.verdict).toBe('auth-required');
    expect(report.auth?.challenge?.params).toContainEqual(['error', 'invalid_token']);
    // The SDK's 401 names the scope it requires: that is offered as a step-up too, starting from the refused request.
    expect(report.auth?.rejected).toEqual({ error: 'invalid_token', description: 'Token is not active', scope: 'mcp:tools' });
    const stepUp = stepUpFrom(report)!;
    expect(stepUp).toMatchObject({ scope: 'mcp:tools', refused: { response: { status: 401 } } });
    expect(stepUp.previous).toBeUndefined();
    const started = await startFlow({ mcpUrl: stack.mcpUrl, origin: APP, client: CLIENT, stepUp }, { check: deps, flows });
    if (started.kind !== 'redirect') throw new Error(JSON.stringify(started));
    expect(new URL(started.authorizationUrl).searchParams.get('scope')).toBe('mcp:tools');
  });

  it('a client id the person entered is used as is, without registering', async () => {
    const started = await startFlow({ mcpUrl: stack.mcpUrl, origin: APP, client: CLIENT, clientId: 'my-registered-client' }, { check: deps, flows });
    expect(started).toMatchObject({ kind: 'redirect', registration: 'pre-registered' });
  });
});

/** Sign in at an authorization server that approves at once (the SDK demo AS): the callback's outcome. */
async function autoSignIn(mcpUrl: string, stepUp?: Parameters<typeof startFlow>[0]['stepUp']) {
  const started = await startFlow({ mcpUrl, origin: APP, client: CLIENT, ...(stepUp ? { stepUp } : {}) }, { check: deps, flows });
  if (started.kind !== 'redirect') throw new Error(JSON.stringify(started));
  const authz = new URL(started.authorizationUrl);
  const back = new URL((await fetch(authz, { redirect: 'manual' })).headers.get('location')!);
  const done = await completeFlow({ state: authz.searchParams.get('state')!, code: back.searchParams.get('code')! }, started.binding, { flows });
  if (done.kind !== 'token') throw new Error(JSON.stringify(done));
  return { authz, done, code: back.searchParams.get('code')! };
}

describe('step-up: tools/list needs one more scope (SDK v2 resource server as a fixture, SDK v1 authorization server)', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack('sdk', { listScope: 'mcp:admin' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a 403 insufficient_scope on the tool listing is AUTH; the second sign-in asks for both scopes and its round is in the trail', async () => {
    // Round 1: the 401 names mcp:tools, and that is what the token gets.
    const first = await autoSignIn(stack.mcpUrl);
    expect(first.authz.searchParams.get('scope')).toBe('mcp:tools');
    const token1 = first.done.token.access_token;
    const withToken = await runCheck({ url: stack.mcpUrl, headers: { Authorization: `Bearer ${token1}` } }, deps);
    // The handshake got in; tools/list did not: AUTH, quoting the server's 403 challenge.
    expect(withToken.verdict, withToken.summary).toBe('auth-required');
    const listing = withToken.steps.find((st) => st.id === 'tools/list (modern)' || st.id === 'tools/list')!;
    expect(listing.response?.status).toBe(403);
    expect(withToken.auth).toMatchObject({ status: 403, rejected: { error: 'insufficient_scope', description: 'Listing tools needs the mcp:admin scope', scope: 'mcp:admin' }, scopes: ['mcp:admin'] });
    expect(withToken.auth?.authorizationServer?.issuer).toBe(stack.issuer);
    expect(withToken.summary).toContain('it needs the scope “mcp:admin”');
    const shown = mergeTrail(withToken, first.done.trail!.trail);

    // Round 2, from that report: the union of the scopes, and the 403 as the round's first row.
    const stepUp = stepUpFrom(shown)!;
    expect(stepUp.scope).toBe('mcp:admin');
    expect(stepUp.previous?.round).toBe(1);
    const second = await autoSignIn(stack.mcpUrl, stepUp);
    expect(second.authz.searchParams.get('scope')).toBe('mcp:tools mcp:admin');
    expect(second.done.token.scope).toBe('mcp:tools mcp:admin');
    const trail = second.done.trail!.trail;
    expect(trail.round).toBe(2);
    const r2 = trail.steps.filter((st) => st.id.startsWith('auth/r2/'));
    expect(r2.map((st) => st.name)).toEqual(STEP_UP_ROUND_ROWS);
    expect(r2[0]?.notes).toContain('error="insufficient_scope"');
    expect(r2[0]?.notes).toContain('scope="mcp:admin"');
    expect(r2[0]?.request?.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toBe('Bearer ••••••');
    expect(r2.find((st) => st.id === 'auth/r2/token')?.notes).toContain('scope granted: mcp:tools mcp:admin');
    // Round 1 is still there, in front.
    expect(trail.steps.filter((st) => st.id.startsWith('auth/r1/')).map((st) => st.name)).toContain('token request');

    const good = await runCheck({ url: stack.mcpUrl, headers: { Authorization: `Bearer ${second.done.token.access_token}` } }, deps);
    expect(good.verdict, good.summary).toBe('healthy');
    const merged = mergeTrail(good, trail);
    expect(Report.parse(merged).verdict).toBe('healthy');
    const text = JSON.stringify(merged);
    for (const secret of [token1, second.done.token.access_token, first.code, second.code, second.authz.searchParams.get('state')!]) expect(text).not.toContain(secret);
  });

  it('a report that asks for no scope is no step-up', async () => {
    const report = await runCheck({ url: stack.mcpUrl }, deps);
    expect(report.verdict).toBe('auth-required');
    expect(stepUpFrom(report)).toBeUndefined();
  });
});

describe('SDK v2 resource server + oidc-provider', () => {
  let stack: AuthStack;
  beforeAll(async () => {
    stack = await startAuthStack('oidc');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('AUTH verdict, RFC 8414 metadata at the issuer, DCR and RFC 9207 iss advertised', async () => {
    const report = await runCheck({ url: stack.mcpUrl }, deps);
    expect(report.verdict).toBe('auth-required');
    const auth = report.auth!;
    expect(auth.trail.map((t) => [t.purpose, t.outcome])).toEqual([
      ['prm', 'ok'],
      ['as-metadata', 'ok'],
    ]);
    expect(auth.authorizationServerMetadataUrl).toBe(`${stack.issuer}/.well-known/oauth-authorization-server`);
    expect(auth.authorizationServer).toMatchObject({
      issuer: stack.issuer,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      registration_endpoint: `${stack.issuer}/reg`,
    });
    expect(auth.registration).toBe('dcr');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('starts a flow: oidc-provider accepts the native loopback registration, and the request carries PKCE and resource', async () => {
    const started = await startFlow({ mcpUrl: stack.mcpUrl, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(started.kind, JSON.stringify(started)).toBe('redirect');
    if (started.kind !== 'redirect') return;
    const p = new URL(started.authorizationUrl).searchParams;
    expect(p.get('resource')).toBe(stack.mcpUrl);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).not.toBe(codeChallengeS256(''));
    // The authorization endpoint takes it: a redirect to its login interaction, not an error page.
    const res = await fetch(started.authorizationUrl, { redirect: 'manual' });
    expect(res.status, await res.text()).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/interaction\//);
  });
});

describe('authorization fixtures', () => {
  const running: AuthFixture[] = [];
  const start = async (kind: AuthFixtureKind) => {
    const f = await startAuthFixture(kind);
    running.push(f);
    return f;
  };
  afterAll(async () => {
    await Promise.all(running.map((f) => f.stop()));
  });

  it('metadata only at the root well-known URL: path insertion first, then root (RFC 9728 §3.1)', async () => {
    const f = await start('root-only');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.verdict).toBe('auth-required');
    const auth = report.auth!;
    expect(auth.trail.map((t) => [t.url, t.status, t.outcome])).toEqual([
      [`${f.origin}/.well-known/oauth-protected-resource/mcp`, 404, 'not-found'],
      [`${f.origin}/.well-known/oauth-protected-resource`, 200, 'ok'],
      [`${f.origin}/.well-known/oauth-authorization-server`, 200, 'ok'],
    ]);
    expect(auth.resourceMetadataSource).toBe('root');
    expect(auth.resourceMatch).toBe('pass');
    expect(auth.authorizationServer?.issuer).toBe(f.origin);
    // No resource_metadata in the challenge but the well-known worked: info, not error (A2, 2025-11-25+).
    expect(report.findings.find((x) => x.id === 'A2')?.severity).toBe('info');
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    // The fixture's /register answers 404: registration refused, so the person is asked for a client id.
    expect(started).toMatchObject({ kind: 'needs-client-id', redirectUri: `${APP}/oauth/callback` });
    if (started.kind === 'needs-client-id') {
      expect(started.message).toMatch(/refused to register.*client ID/);
      // The trail it comes back with, for the report: each metadata URL tried, and the refused registration.
      expect(started.trail.trail.steps.map((st) => [st.name, st.request?.url, st.response?.status])).toEqual([
        ['401 challenge', f.url, 401],
        ['resource metadata', `${f.origin}/.well-known/oauth-protected-resource/mcp`, 404],
        ['resource metadata', `${f.origin}/.well-known/oauth-protected-resource`, 200],
        ['authorization server metadata', `${f.origin}/.well-known/oauth-authorization-server`, 200],
        ['client registration (DCR)', `${f.origin}/register`, 404],
      ]);
    }
  });

  it('tenant issuer with a path: RFC 8414 insertion, OIDC insertion, then OIDC append', async () => {
    const f = await start('tenant');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.verdict).toBe('auth-required');
    const auth = report.auth!;
    expect(auth.trail.map((t) => [t.url, t.outcome])).toEqual([
      [`${f.origin}/.well-known/oauth-protected-resource/mcp`, 'ok'],
      [`${f.origin}/.well-known/oauth-authorization-server/tenant1`, 'not-found'],
      [`${f.origin}/.well-known/openid-configuration/tenant1`, 'not-found'],
      [`${f.origin}/tenant1/.well-known/openid-configuration`, 'ok'],
    ]);
    expect(auth.authorizationServer?.issuer).toBe(`${f.origin}/tenant1`);
    expect(auth.scopes).toEqual(['files:read']);
    // The server saw the same order.
    expect(f.requests.filter((r) => r.startsWith('GET /'))).toEqual([
      'GET /.well-known/oauth-protected-resource/mcp',
      'GET /.well-known/oauth-authorization-server/tenant1',
      'GET /.well-known/openid-configuration/tenant1',
      'GET /tenant1/.well-known/openid-configuration',
    ]);
  });

  it('401 without WWW-Authenticate: A1 error, the well-known URLs tried anyway, no token flow', async () => {
    const f = await start('no-challenge');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.verdict).toBe('auth-required');
    expect(report.auth?.challenge).toBeNull();
    expect(report.findings.find((x) => x.id === 'A1')?.severity).toBe('error');
    expect(report.auth?.trail.map((t) => t.url)).toEqual(
      expect.arrayContaining([`${f.origin}/.well-known/oauth-protected-resource/mcp`, `${f.origin}/.well-known/oauth-protected-resource`]),
    );
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(started).toMatchObject({ kind: 'error' });
    if (started.kind === 'error') expect(started.message).toMatch(/No authorization server could be found/);
  });

  it('resource mismatch: A4 error, and Get a token refuses to fetch a token for another resource', async () => {
    const f = await start('resource-mismatch');
    const report = await runCheck({ url: f.url }, deps);
    expect(report.verdict).toBe('auth-required');
    expect(report.auth?.resourceMatch).toBe('error');
    expect(report.findings.find((x) => x.id === 'A4')?.severity).toBe('error');
    const before = f.requests.length;
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(started).toMatchObject({ kind: 'error' });
    if (started.kind === 'error') expect(started.message).toMatch(/other-mcp.*must not be sent here/);
    // Nothing was registered at the AS.
    expect(f.requests.slice(before).some((r) => r.startsWith('POST /register'))).toBe(false);
  });
});

describe('findings along the token flow, failing and passing answers of the same fixture AS (A24–A26)', () => {
  let f: FlowFixture;
  beforeAll(async () => {
    f = await startFlowFixture({ register: 'refuse-application-type' });
  });
  afterAll(async () => {
    await f?.stop();
  });
  const ids = (findings: Array<{ id: string; severity: string }>) => findings.filter((x) => /^A2[0-6]$/.test(x.id)).map((x) => `${x.id}:${x.severity}`);

  it('A25: registration refused for application_type; the trail shows the refusal and the person is asked for a client ID', async () => {
    const report = await runCheck({ url: f.url }, deps);
    expect(report.verdict).toBe('auth-required');
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(started.kind).toBe('needs-client-id');
    if (started.kind !== 'needs-client-id') return;
    // We did send it (MCP 2026-07-28 asks DCR clients for application_type).
    expect(f.registrations.at(-1)).toMatchObject({ application_type: 'native', redirect_uris: [`${APP}/oauth/callback`] });
    expect(started.message).toBe(
      `The authorization server refused to register this app (invalid_client_metadata: unrecognized client metadata: application_type). Ask its operator for a client ID registered for the redirect URI ${APP}/oauth/callback, and enter it here.`,
    );
    // The report the person is looking at gets the trail: the registration row quotes the AS.
    const shown = mergeTrail(report, started.trail.trail);
    const row = shown.steps.find((st) => st.id === 'auth/r1/registration')!;
    expect(row).toMatchObject({ name: 'client registration (DCR)', status: 'error', notes: 'HTTP 400: invalid_client_metadata: unrecognized client metadata: application_type' });
    expect(row.request?.url).toBe(`${f.origin}/register`);
    expect(JSON.parse(row.response!.body)).toEqual({ error: 'invalid_client_metadata', error_description: 'unrecognized client metadata: application_type' });
    expect(ids(shown.findings)).toEqual(['A25:error']);
    expect(shown.findings.find((x) => x.id === 'A25')).toMatchObject({
      message: 'The registration endpoint rejects the application_type member that MCP clients send.',
      evidence: 'invalid_client_metadata: unrecognized client metadata: application_type',
      stepId: 'auth/r1/registration',
    });
  });

  it('A26: a loopback redirect URI refused, quoted on the registration row', async () => {
    f.set({ register: 'refuse-loopback' });
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    if (started.kind !== 'needs-client-id') throw new Error(JSON.stringify(started));
    expect(ids(started.trail.trail.findings)).toEqual(['A26:error']);
    expect(started.trail.trail.findings.find((x) => x.id === 'A26')).toMatchObject({
      message: 'The registration endpoint refuses a loopback redirect URI, which native and local MCP clients need.',
      evidence: 'invalid_redirect_uri: redirect_uris must use https',
    });
    expect(started.trail.trail.steps.find((st) => st.id === 'auth/r1/registration')?.notes).toBe('HTTP 400: invalid_redirect_uri: redirect_uris must use https');
  });

  it('the same AS accepting the registration: no A25 or A26, the flow goes on to the authorization server', async () => {
    f.set({ register: 'accept' });
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(started).toMatchObject({ kind: 'redirect', registration: 'dcr' });
    if (started.kind !== 'redirect') return;
    const authz = new URL(started.authorizationUrl);
    const back = new URL((await fetch(authz, { redirect: 'manual' })).headers.get('location')!);
    const done = await completeFlow({ state: authz.searchParams.get('state')!, code: back.searchParams.get('code')!, iss: back.searchParams.get('iss')! }, started.binding, { flows });
    expect(done.kind).toBe('token');
    // Registered, iss present and matching, scope as asked, no refresh token: nothing to find.
    expect(ids(done.trail!.trail.findings)).toEqual([]);
    expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/registration')?.notes).toMatch(/^registered, client_id client-\d+$/);
    expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/token')?.notes).toBe('Bearer token · expires in 3600 s · scope granted: files:read · no refresh token');
  });

  it('A24: a refresh token issued to this public client (which never asked for one); without one, no A24', async () => {
    f.set({ register: 'accept', refreshToken: true });
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    if (started.kind !== 'redirect') throw new Error(JSON.stringify(started));
    const authz = new URL(started.authorizationUrl);
    const back = new URL((await fetch(authz, { redirect: 'manual' })).headers.get('location')!);
    const done = await completeFlow({ state: authz.searchParams.get('state')!, code: back.searchParams.get('code')!, iss: back.searchParams.get('iss')! }, started.binding, { flows });
    expect(done.kind).toBe('token');
    const trail = done.trail!.trail;
    expect(ids(trail.findings)).toEqual(['A24:info']);
    expect(trail.findings.find((x) => x.id === 'A24')).toMatchObject({
      message: 'A refresh token was issued to a public client that registered only the authorization_code grant; make sure it is rotated on use.',
      stepId: 'auth/r1/token',
    });
    const token = trail.steps.find((st) => st.id === 'auth/r1/token')!;
    expect(token.notes).toContain('refresh token issued');
    // The refresh token itself is masked in the row.
    expect(JSON.parse(token.response!.body)).toMatchObject({ refresh_token: '••••••', access_token: '••••••' });
    // And the token handed to the browser has no refresh token at all.
    if (done.kind === 'token') expect(Object.keys(done.token)).not.toContain('refresh_token');
  });

  it('real authorization servers give the passing answers: the SDK demo AS issues no refresh token, oidc-provider registers a loopback native client', async () => {
    const [sdk, oidc] = await Promise.all([startAuthStack('sdk'), startAuthStack('oidc')]);
    try {
      const { done } = await autoSignIn(sdk.mcpUrl);
      expect(ids(done.trail!.trail.findings)).not.toContain('A24:info');
      expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/token')?.notes).toContain('no refresh token');
      const started = await startFlow({ mcpUrl: oidc.mcpUrl, origin: APP, client: CLIENT }, { check: deps, flows });
      expect(started.kind).toBe('redirect');
    } finally {
      await Promise.all([sdk.stop(), oidc.stop()]);
    }
  });
});

describe('findings of discovery and the token flow, failing and passing answers of one fixture AS (A10, A19–A23)', () => {
  let f: FlowFixture;
  beforeAll(async () => {
    f = await startFlowFixture({ register: 'accept' });
  });
  afterAll(async () => {
    await f?.stop();
  });
  const ids = (findings: Array<{ id: string; severity: string }>, only: RegExp) => findings.filter((x) => only.test(x.id)).map((x) => `${x.id}:${x.severity}`);
  /** Get a token from the fixture (it approves at once), passing on whatever the callback carried. */
  const signIn = async () => {
    const started = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    if (started.kind !== 'redirect') throw new Error(JSON.stringify(started));
    const authz = new URL(started.authorizationUrl);
    const back = new URL((await fetch(authz, { redirect: 'manual' })).headers.get('location')!);
    const q = Object.fromEntries(back.searchParams);
    return { authz, done: await completeFlow(q, started.binding, { flows }) };
  };

  it('A10: no S256 in the metadata is an error and Get a token refuses to start; with S256 it starts', async () => {
    f.set({ register: 'accept', s256: false });
    const report = await runCheck({ url: f.url }, deps);
    expect(report.findings.find((x) => x.id === 'A10')).toMatchObject({ severity: 'error', message: 'AS metadata does not advertise PKCE S256 in code_challenge_methods_supported.', evidence: 'code_challenge_methods_supported absent' });
    const refused = await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows });
    expect(refused).toEqual({ kind: 'error', message: 'The authorization server does not advertise PKCE with S256 (code_challenge_methods_supported), and MCP clients must not continue without it. Paste a token if you have one.' });
    f.set({ register: 'accept' });
    expect(ids((await runCheck({ url: f.url }, deps)).findings, /^A10$/)).toEqual([]);
    expect((await startFlow({ mcpUrl: f.url, origin: APP, client: CLIENT }, { check: deps, flows })).kind).toBe('redirect');
  });

  it('A19: reachable only by the 2025-03-26 fallback (no PRM, metadata at the MCP origin); with PRM, no A19', async () => {
    f.set({ register: 'accept', prm: false });
    const report = await runCheck({ url: f.url }, deps);
    expect(report.auth).toMatchObject({ legacyFallback: true, authorizationServerSource: 'legacy-metadata' });
    expect(report.findings.find((x) => x.id === 'A19')).toMatchObject({
      severity: 'info',
      message: 'The authorization server is reachable only by the 2025-03-26 fallback (AS metadata at the MCP origin); clients of 2025-06-18 and later look for PRM and will not find it.',
    });
    f.set({ register: 'accept' });
    expect(ids((await runCheck({ url: f.url }, deps)).findings, /^A19$/)).toEqual([]);
  });

  it('A20: iss missing though promised is discarded (error); missing where not promised is info; another issuer is discarded; the right one passes', async () => {
    f.set({ register: 'accept', iss: 'omit' });
    let { done } = await signIn();
    expect(done).toMatchObject({ kind: 'error', title: 'Answer from the wrong server' });
    expect(ids(done.trail!.trail.findings, /^A2\d$/)).toEqual(['A20:error']);
    expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/callback')?.notes).toBe(`Discarded: no iss parameter, although it says it always sends one, expected ${f.origin} (RFC 9207)`);
    f.set({ register: 'accept', iss: 'omit', promiseIss: false });
    ({ done } = await signIn());
    expect(done.kind).toBe('token');
    expect(done.trail!.trail.findings.find((x) => x.id === 'A20')).toMatchObject({ severity: 'info', message: 'The authorization response has no iss parameter, so a client cannot detect authorization-server mix-up (RFC 9207).' });
    f.set({ register: 'accept', iss: 'other' });
    ({ done } = await signIn());
    expect(done).toMatchObject({ kind: 'error', title: 'Answer from the wrong server' });
    expect(done.trail!.trail.findings.find((x) => x.id === 'A20')).toMatchObject({ severity: 'error', evidence: `iss ${f.origin}/other, expected ${f.origin}` });
    f.set({ register: 'accept' });
    ({ done } = await signIn());
    expect(done.kind).toBe('token');
    expect(ids(done.trail!.trail.findings, /^A2\d$/)).toEqual([]);
  });

  it('A21: fewer scopes granted than asked; all granted passes', async () => {
    f.set({ register: 'accept', scope: 'files:read files:write', grantScope: 'files:read' });
    const first = await signIn();
    const authz = first.authz;
    let done = first.done;
    expect(authz.searchParams.get('scope')).toBe('files:read files:write');
    expect(done.trail!.trail.findings.find((x) => x.id === 'A21')).toMatchObject({
      severity: 'warning',
      message: 'The token carries fewer scopes than asked for: files:write not granted.',
      evidence: 'asked “files:read files:write”, granted “files:read”',
    });
    f.set({ register: 'accept', scope: 'files:read files:write' });
    ({ done } = await signIn());
    expect(ids(done.trail!.trail.findings, /^A21$/)).toEqual([]);
  });

  it('A22: a token_type other than Bearer is refused; Bearer (any case) passes', async () => {
    f.set({ register: 'accept', tokenType: 'DPoP' });
    let { done } = await signIn();
    expect(done).toMatchObject({ kind: 'error', title: 'Unusable token type', message: 'The token endpoint issued a “DPoP” token; this checker can only send Bearer tokens.' });
    expect(ids(done.trail!.trail.findings, /^A22$/)).toEqual(['A22:error']);
    expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/token')?.status).toBe('error');
    f.set({ register: 'accept', tokenType: 'bearer' });
    ({ done } = await signIn());
    expect(done.kind).toBe('token');
    expect(ids(done.trail!.trail.findings, /^A22$/)).toEqual([]);
  });

  it('A23: a JWT access token for another audience, or without aud, ignores the resource; aud = the MCP URL passes', async () => {
    f.set({ register: 'accept', jwtAud: 'https://other.example/api' });
    const first = await signIn();
    const authz = first.authz;
    let done = first.done;
    expect(authz.searchParams.get('resource')).toBe(f.url);
    expect(done.trail!.trail.findings.find((x) => x.id === 'A23')).toMatchObject({ severity: 'error', evidence: `aud https://other.example/api; resource ${f.url}` });
    expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/token')).toMatchObject({ status: 'warn' });
    f.set({ register: 'accept', jwtAud: null });
    ({ done } = await signIn());
    expect(done.trail!.trail.findings.find((x) => x.id === 'A23')?.evidence).toBe(`no aud claim; resource ${f.url}`);
    f.set({ register: 'accept', jwtAud: f.url });
    ({ done } = await signIn());
    expect(ids(done.trail!.trail.findings, /^A23$/)).toEqual([]);
    expect(done.trail!.trail.steps.find((st) => st.id === 'auth/r1/token')?.notes).toContain(`JWT, aud ${f.url}`);
  });
});
