import { describe, expect, it } from 'vitest';
import { discoverAuth, type AuthDeps, type DiscoverAuthInput, type GetResult } from './discovery';
import { AuthReport } from '../report/auth';

// ---- an in-memory `get`: URL → response; anything else is a 404 ----

type Entry = GetResult | { json: unknown; contentType?: string; status?: number };

function fakeGet(routes: Record<string, Entry>) {
  const calls: Array<{ url: string; headers?: Record<string, string> }> = [];
  const deps: AuthDeps = {
    get: async (url, headers) => {
      calls.push({ url, headers });
      const e = routes[url];
      if (e === undefined) return { ok: true, status: 404, headers: [['content-type', 'text/html']], text: 'Not Found' };
      if ('json' in e) {
        return {
          ok: true,
          status: e.status ?? 200,
          headers: [['Content-Type', e.contentType ?? 'application/json; charset=utf-8']],
          text: JSON.stringify(e.json),
        };
      }
      return e;
    },
  };
  return { deps, calls, urls: () => calls.map((c) => c.url) };
}

const MCP = 'https://mcp.example.com/mcp';
const PRM_PATH = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const PRM_ROOT = 'https://mcp.example.com/.well-known/oauth-protected-resource';
const ISSUER = 'https://auth.example.com';
const AS_OAUTH = 'https://auth.example.com/.well-known/oauth-authorization-server';
const AS_OIDC = 'https://auth.example.com/.well-known/openid-configuration';

const prm = (over: Record<string, unknown> = {}) => ({
  json: {
    resource: MCP,
    authorization_servers: [ISSUER],
    scopes_supported: ['files:read', 'files:write'],
    bearer_methods_supported: ['header'],
    resource_name: 'Example MCP',
    unknown_member: { ignored: true },
    ...over,
  },
});
const asMeta = (issuer = ISSUER, over: Record<string, unknown> = {}) => ({
  json: {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    registration_endpoint: `${issuer}/register`,
    code_challenge_methods_supported: ['S256'],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    ...over,
  },
});

const input = (over: Partial<DiscoverAuthInput> = {}): DiscoverAuthInput => ({
  mcpUrl: MCP,
  status: 401,
  wwwAuthenticate: [`Bearer resource_metadata="${PRM_ROOT}", scope="files:read"`],
  ...over,
});

async function run(routes: Record<string, Entry>, over: Partial<DiscoverAuthInput> = {}) {
  const g = fakeGet(routes);
  const report = await discoverAuth(input(over), g.deps);
  // Whatever discovery returns must satisfy the report contract.
  expect(AuthReport.safeParse(report).success).toBe(true);
  const ids = report.findings.map((f) => `${f.id}:${f.severity}`);
  return { report, ids, urls: g.urls(), calls: g.calls };
}

describe('discoverAuth', () => {
  it('follows resource_metadata from the header and finds a clean AS', async () => {
    const { report, ids, urls } = await run({ [PRM_ROOT]: prm(), [AS_OAUTH]: asMeta() });
    expect(urls).toEqual([PRM_ROOT, AS_OAUTH]);
    expect(report.resourceMetadataSource).toBe('header');
    expect(report.resourceMatch).toBe('pass');
    expect(report.resourceMetadata).not.toHaveProperty('unknown_member');
    expect(report.authorizationServer?.issuer).toBe(ISSUER);
    expect(report.authorizationServerSource).toBe('metadata');
    expect(report.registration).toBe('cimd');
    expect(report.scopes).toEqual(['files:read']); // the challenge wins over scopes_supported
    expect(report.challenge?.scheme).toBe('Bearer');
    expect(report.trail.map((t) => [t.purpose, t.outcome])).toEqual([['prm', 'ok'], ['as-metadata', 'ok']]);
    expect(ids).toEqual([]);
  });

  it('without a header URL tries path-inserted, then root, in that order', async () => {
    const { report, ids, urls } = await run({}, { wwwAuthenticate: ['Bearer realm="mcp"'] });
    expect(urls).toEqual([PRM_PATH, PRM_ROOT, 'https://mcp.example.com/.well-known/oauth-authorization-server']);
    expect(report.trail.map((t) => [t.url, t.purpose, t.outcome])).toEqual([
      [PRM_PATH, 'prm', 'not-found'],
      [PRM_ROOT, 'prm', 'not-found'],
      ['https://mcp.example.com/.well-known/oauth-authorization-server', 'legacy-as-metadata', 'not-found'],
    ]);
    expect(ids).toContain('A2:error');
    expect(report.legacyFallback).toBe(true);
    // Nothing found by any rule: the 2025-03-26 default endpoints are what a client would use.
    expect(report.authorizationServerSource).toBe('legacy-defaults');
  });

  it('metadata only at the root: used, A2 info, resource graded against the endpoint', async () => {
    const { report, ids, urls } = await run(
      { [PRM_ROOT]: prm({ resource: 'https://mcp.example.com' }), [AS_OAUTH]: asMeta() },
      { wwwAuthenticate: ['Bearer realm="mcp", scope="files:read"'] },
    );
    expect(urls).toEqual([PRM_PATH, PRM_ROOT, AS_OAUTH]);
    expect(report.resourceMetadataSource).toBe('root');
    expect(report.resourceMatch).toBe('pass'); // the origin is a pass for the root URL
    expect(ids).toContain('A2:info');
  });

  it('issuer with a path: RFC 8414 insertion, OIDC insertion, OIDC append', async () => {
    const tenant = 'https://auth.example.com/tenant1';
    const append = 'https://auth.example.com/tenant1/.well-known/openid-configuration';
    const { report, ids, urls } = await run({
      [PRM_ROOT]: prm({ authorization_servers: [tenant] }),
      [append]: asMeta(tenant),
    });
    expect(urls).toEqual([
      PRM_ROOT,
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      append,
    ]);
    expect(report.authorizationServerMetadataUrl).toBe(append);
    expect(ids).toEqual([]);
  });

  it('issuer mismatch → A9, document discarded, next URL tried', async () => {
    const { report, ids, urls } = await run({
      [PRM_ROOT]: prm(),
      [AS_OAUTH]: asMeta('https://auth.example.com/'),
    });
    expect(urls).toEqual([PRM_ROOT, AS_OAUTH, AS_OIDC]);
    expect(ids).toContain('A9:error');
    expect(ids).not.toContain('A8:error');
    expect(report.authorizationServer).toBeUndefined();
    expect(report.trail[1]).toMatchObject({ outcome: 'invalid', purpose: 'as-metadata' });
  });

  it.each([
    [MCP, 'pass', undefined],
    [`${MCP}/`, 'warning', 'A4:warning'],
    ['https://mcp.example.com', 'warning', 'A4:warning'],
    ['https://evil.example.com/mcp', 'error', 'A4:error'],
  ] as const)('resource %s is graded %s', async (resource, grade, finding) => {
    const { report, ids } = await run({ [PRM_ROOT]: prm({ resource }), [AS_OAUTH]: asMeta() });
    expect(report.resourceMatch).toBe(grade);
    if (finding) expect(ids).toContain(finding);
    else expect(ids.filter((i) => i.startsWith('A4'))).toEqual([]);
  });

  it('no S256 → A10 (error from 2025-11-25, warning under 2025-06-18)', async () => {
    const routes = { [PRM_ROOT]: prm(), [AS_OAUTH]: asMeta(ISSUER, { code_challenge_methods_supported: ['plain'] }) };
    expect((await run(routes)).ids).toContain('A10:error');
    expect((await run(routes, { protocolVersion: '2025-06-18' })).ids).toContain('A10:warning');
    const absent = asMeta(ISSUER, { code_challenge_methods_supported: undefined });
    expect((await run({ [PRM_ROOT]: prm(), [AS_OAUTH]: absent })).ids).toContain('A10:error');
  });

  it('401 without WWW-Authenticate → A1, then well-known discovery still runs', async () => {
    const { report, ids, urls } = await run({ [PRM_PATH]: prm(), [AS_OAUTH]: asMeta() }, { wwwAuthenticate: [] });
    expect(ids).toContain('A1:error');
    expect(report.challenge).toBeNull();
    expect(urls).toEqual([PRM_PATH, AS_OAUTH]);
    expect(report.resourceMetadataSource).toBe('path-inserted');
    expect(report.scopes).toEqual(['files:read', 'files:write']); // from scopes_supported
  });

  it('non-Bearer scheme: shown as is, discovery goes to the well-known URLs', async () => {
    const { report, ids, urls } = await run({}, { wwwAuthenticate: ['Basic realm="legacy"'] });
    expect(report.challenge?.scheme).toBe('Basic');
    expect(urls.slice(0, 2)).toEqual([PRM_PATH, PRM_ROOT]);
    const a2 = report.findings.find((f) => f.id === 'A2');
    expect(a2?.severity).toBe('error');
    expect(a2?.message).toContain('Basic');
    expect(ids).not.toContain('A1:error');
  });

  it('2025-03-26 fallback: origin metadata (sent with MCP-Protocol-Version), else default endpoints', async () => {
    const legacy = 'https://mcp.example.com/.well-known/oauth-authorization-server';
    const found = await run({ [legacy]: asMeta('https://mcp.example.com') }, { wwwAuthenticate: ['Bearer'], protocolVersion: '2025-03-26' });
    expect(found.report.legacyFallback).toBe(true);
    expect(found.report.authorizationServerSource).toBe('legacy-metadata');
    expect(found.calls.at(-1)?.headers?.['MCP-Protocol-Version']).toBe('2025-03-26');
    expect(found.ids).toContain('A19:info');
    expect(found.ids.some((i) => i.startsWith('A2'))).toBe(false);

    const defaults = await run({}, { wwwAuthenticate: ['Bearer'], protocolVersion: '2025-03-26' });
    expect(defaults.report.authorizationServerSource).toBe('legacy-defaults');
    expect(defaults.report.authorizationServer).toMatchObject({
      authorization_endpoint: 'https://mcp.example.com/authorize',
      token_endpoint: 'https://mcp.example.com/token',
      registration_endpoint: 'https://mcp.example.com/register',
    });
    expect(defaults.report.registration).toBe('dcr');

    const modern = await run({ [legacy]: asMeta('https://mcp.example.com') }, { wwwAuthenticate: ['Bearer'], protocolVersion: '2025-11-25' });
    expect(modern.ids).toContain('A19:error');
    expect(modern.ids).toContain('A2:error');
  });

  it('before any negotiation, no PRM: the 2025-03-26 fallback is tried and what it finds is info, defaults included', async () => {
    const legacy = 'https://mcp.example.com/.well-known/oauth-authorization-server';
    const found = await run({ [legacy]: asMeta('https://mcp.example.com') }, { wwwAuthenticate: ['Bearer'] });
    expect(found.report.authorizationServerSource).toBe('legacy-metadata');
    expect(found.ids).toContain('A19:info');
    expect(found.ids).not.toContain('A19:error');

    const defaults = await run({}, { wwwAuthenticate: ['Bearer realm="mcp"'] });
    expect(defaults.report.authorizationServerSource).toBe('legacy-defaults');
    expect(defaults.report.authorizationServer?.token_endpoint).toBe('https://mcp.example.com/token');
    expect(defaults.ids).toContain('A19:info');

    // A 401 with no Bearer challenge is no evidence of OAuth: no endpoints are made up.
    const bare = await run({}, { wwwAuthenticate: [] });
    expect(bare.report.authorizationServer).toBeUndefined();
  });

  it('a network error in one fetch is recorded and discovery continues', async () => {
    const { report, urls } = await run(
      {
        [PRM_ROOT]: prm(),
        [AS_OAUTH]: { ok: false, code: 'TIMEOUT', message: 'no response headers within 5000 ms' },
        [AS_OIDC]: asMeta(),
      },
    );
    expect(urls).toEqual([PRM_ROOT, AS_OAUTH, AS_OIDC]);
    expect(report.trail[1]).toEqual({
      url: AS_OAUTH,
      purpose: 'as-metadata',
      outcome: 'error',
      note: 'TIMEOUT: no response headers within 5000 ms',
    });
    expect(report.authorizationServerMetadataUrl).toBe(AS_OIDC);
  });

  it('a throwing get is still data', async () => {
    const deps: AuthDeps = { get: () => Promise.reject(new Error('boom')) };
    const report = await discoverAuth(input(), deps);
    expect(report.trail[0]).toMatchObject({ outcome: 'error', note: 'request failed: boom' });
    expect(report.findings.map((f) => f.id)).toContain('A3');
  });
});

describe('discoverAuth: remaining findings', () => {
  it('A3: header PRM 404, HTML body, JSON array, wrong content type, wrong member types', async () => {
    expect((await run({})).ids).toContain('A3:error'); // header URL 404
    const html: GetResult = { ok: true, status: 200, headers: [['content-type', 'text/html']], text: '<html>' };
    const r1 = await run({ [PRM_ROOT]: html });
    expect(r1.report.trail[0]).toMatchObject({ outcome: 'invalid', status: 200 });
    const r2 = await run({ [PRM_ROOT]: { json: [prm().json] } });
    expect(r2.report.trail[0]?.note).toBe('body is JSON but not an object');
    const r3 = await run({ [PRM_ROOT]: { ...prm(), contentType: 'text/plain' }, [AS_OAUTH]: asMeta() });
    expect(r3.ids).toContain('A3:error');
    expect(r3.report.resourceMetadata?.resource).toBe(MCP); // still used
    const r4 = await run({ [PRM_ROOT]: prm({ scopes_supported: 'files:read', resource_name: 7 }), [AS_OAUTH]: asMeta() });
    expect(r4.report.findings.find((f) => f.id === 'A3')?.message).toContain('scopes_supported, resource_name');
    const r5 = await run({ [PRM_ROOT]: prm({ resource: 42 }) });
    expect(r5.report.resourceMetadata).toBeUndefined();
    expect(r5.report.legacyFallback).toBe(true);
  });

  it('A3 warning when a well-known PRM URL answers 500, then root is still tried', async () => {
    const { ids, urls } = await run(
      { [PRM_PATH]: { ok: true, status: 500, headers: [], text: '' }, [PRM_ROOT]: prm(), [AS_OAUTH]: asMeta() },
      { wwwAuthenticate: ['Bearer scope="files:read"'] },
    );
    expect(urls.slice(0, 2)).toEqual([PRM_PATH, PRM_ROOT]);
    expect(ids).toContain('A3:warning');
  });

  it('A5, A6, A7, A11 on the PRM', async () => {
    const r = await run(
      { [PRM_ROOT]: prm({ authorization_servers: [], scopes_supported: undefined, bearer_methods_supported: ['body'] }) },
      { wwwAuthenticate: [`Bearer resource_metadata="${PRM_ROOT}"`] },
    );
    expect(r.ids).toEqual(expect.arrayContaining(['A5:error', 'A6:info', 'A7:warning']));
    expect(r.report.scopes).toEqual([]);
    const plain = await run({ [PRM_ROOT]: prm({ authorization_servers: ['http://auth.example.com'] }) });
    expect(plain.ids).toContain('A11:error');
  });

  it('A6: offline_access is a warning under 2026-07-28 only', async () => {
    const routes = { [PRM_ROOT]: prm({ scopes_supported: ['offline_access'] }), [AS_OAUTH]: asMeta() };
    expect((await run(routes)).ids).toContain('A6:warning');
    expect((await run(routes, { protocolVersion: '2025-11-25' })).ids).not.toContain('A6:warning');
    const chal = await run(routes, { wwwAuthenticate: [`Bearer resource_metadata="${PRM_ROOT}", scope="a offline_access"`] });
    expect(chal.report.findings.filter((f) => f.id === 'A6' && f.severity === 'warning')).toHaveLength(2);
  });

  it('A8 when no AS URL answers; A11, A12, A13, A15 on weak AS metadata', async () => {
    expect((await run({ [PRM_ROOT]: prm() })).ids).toContain('A8:error');
    const weak = asMeta(ISSUER, {
      token_endpoint: 'http://auth.example.com/token',
      response_types_supported: ['token'],
      grant_types_supported: ['client_credentials'],
      registration_endpoint: undefined,
      client_id_metadata_document_supported: false,
      authorization_response_iss_parameter_supported: undefined,
    });
    const r = await run({ [PRM_ROOT]: prm(), [AS_OAUTH]: weak });
    expect(r.ids).toEqual(['A11:error', 'A12:error', 'A12:warning', 'A13:warning', 'A15:info']);
    expect(r.report.registration).toBe('pre-registered-only');
  });

  it('A14: only DCR, from 2025-11-25', async () => {
    const dcr = asMeta(ISSUER, { client_id_metadata_document_supported: undefined });
    const r = await run({ [PRM_ROOT]: prm(), [AS_OAUTH]: dcr });
    expect(r.ids).toEqual(['A14:info']);
    expect(r.report.registration).toBe('dcr');
    expect((await run({ [PRM_ROOT]: prm(), [AS_OAUTH]: dcr }, { protocolVersion: '2025-06-18' })).ids).toEqual([]);
  });

  it('A8 warning under 2025-06-18 when metadata is only at an OIDC URL', async () => {
    const r = await run({ [PRM_ROOT]: prm(), [AS_OIDC]: asMeta() }, { protocolVersion: '2025-06-18' });
    expect(r.ids).toContain('A8:warning');
  });

  it('A2 under 2025-06-18: a missing resource_metadata is an error even when well-known works', async () => {
    const r = await run({ [PRM_PATH]: prm(), [AS_OAUTH]: asMeta() }, { wwwAuthenticate: ['Bearer'], protocolVersion: '2025-06-18' });
    const a2 = r.report.findings.find((f) => f.id === 'A2');
    expect(a2?.severity).toBe('error');
    expect(a2?.specUrl).toContain('2025-06-18');
  });

  it('403: insufficient_scope without scope → A16; without a Bearer challenge → no discovery', async () => {
    const r = await run(
      { [PRM_ROOT]: prm(), [AS_OAUTH]: asMeta() },
      { status: 403, wwwAuthenticate: [`Bearer error="insufficient_scope", resource_metadata="${PRM_ROOT}"`] },
    );
    expect(r.ids).toContain('A16:warning');
    expect(r.report.scopes).toEqual(['files:read', 'files:write']);
    const policy = await run({}, { status: 403, wwwAuthenticate: [] });
    expect(policy.urls).toEqual([]);
    expect(policy.ids).toEqual([]);
  });

  it('A18: duplicate params and malformed grammar', async () => {
    const r = await run(
      { [PRM_ROOT]: prm(), [AS_OAUTH]: asMeta() },
      { wwwAuthenticate: [`Bearer resource_metadata="${PRM_ROOT}", scope="a", scope="b", realm="x`] },
    );
    expect(r.report.findings.filter((f) => f.id === 'A18')).toHaveLength(2);
    expect(r.report.challenge?.problems?.length).toBeGreaterThan(0);
  });

  it('only the first MAX_ISSUERS issuers are contacted, in order, stopping at the first good one', async () => {
    const a = 'https://a.example', b = 'https://b.example';
    const r = await run({
      [PRM_ROOT]: prm({ authorization_servers: [a, b, 'https://c.example', 'https://d.example'] }),
      [`${b}/.well-known/oauth-authorization-server`]: asMeta(b),
    });
    expect(r.urls).toEqual([
      PRM_ROOT,
      `${a}/.well-known/oauth-authorization-server`,
      `${a}/.well-known/openid-configuration`,
      `${b}/.well-known/oauth-authorization-server`,
    ]);
    expect(r.report.authorizationServer?.issuer).toBe(b);
  });
});
