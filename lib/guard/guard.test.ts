import { describe, expect, it } from 'vitest';
import { verifyReport } from '../report/sign';
import { PEER_HEADER } from '../web/client-ip';
import { testGuard } from '@/e2e/support/test-guard';

const from = (address: string, more: Record<string, string> = {}) => ({ headers: new Headers({ host: 'check.example', [PEER_HEADER]: address, ...more }) });

describe('guard.admit', () => {
  it('counts each action per client: the 11th sign-in in a minute is refused, another client is not', async () => {
    const { guard } = testGuard();
    for (let i = 0; i < 10; i++) expect((await guard.admit(from('198.51.100.1'), 'token')).ok).toBe(true);
    const eleventh = await guard.admit(from('198.51.100.1'), 'token');
    expect(eleventh).toMatchObject({ ok: false, reason: 'rate-limited', status: 429 });
    expect(!eleventh.ok && eleventh.error).toMatch(/^Too many sign-ins from your address: at most 10 sign-ins a minute\. Try again in \d+ s\.$/);
    expect((await guard.admit(from('198.51.100.2'), 'token')).ok).toBe(true);
    // Actions have their own budgets.
    expect((await guard.admit(from('198.51.100.1'), 'check')).ok).toBe(true);
  });

  it('is unlimited with RATE_LIMIT=off', async () => {
    const { guard } = testGuard({ RATE_LIMIT: 'off' });
    for (let i = 0; i < 30; i++) expect((await guard.admit(from('198.51.100.1'), 'token')).ok).toBe(true);
  });

  it('refuses browsers on other sites, and lets the app\'s own pages and plain clients in', async () => {
    const { guard } = testGuard({ RATE_LIMIT: 'off', APP_ORIGIN: 'https://health.example' });
    const refused: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sub.check.example' },
    ];
    for (const h of refused) expect(await guard.admit(from('198.51.100.1', h), 'check'), JSON.stringify(h)).toMatchObject({ ok: false, reason: 'cross-site', status: 403 });
    const allowed: Array<Record<string, string>> = [{}, { origin: 'http://check.example' }, { origin: 'https://health.example', 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }];
    for (const h of allowed) expect((await guard.admit(from('198.51.100.1', h), 'check')).ok, JSON.stringify(h)).toBe(true);
  });

  it('gives the engine the operator policy plus the origins the request came in on', async () => {
    const { guard } = testGuard({ ALLOW_HOSTS: 'mcp.internal', APP_ORIGIN: 'https://health.example' });
    const a = await guard.admit(from('198.51.100.1'), 'check');
    expect(a.ok && a.policy).toEqual({ allowPrivate: false, allowHosts: ['mcp.internal'], selfOrigins: ['https://health.example', 'http://check.example', 'https://check.example'] });
    expect(a.ok && a.engine.outboundOptions?.policy).toEqual(a.ok && a.policy);
  });
});

describe('guard.check', () => {
  it('answers invalid input with the API\'s message and the field, before counting it', async () => {
    const { guard, sent } = testGuard({ RATE_LIMIT_CHECKS: '1/min' });
    for (const [input, field] of [
      [[null], undefined],
      [{ url: 'ftp://x.example' }, 'url'],
      [{ url: 'https://x.example', headers: 'Authorization: x' }, 'headers'],
    ] as const) {
      const r = await guard.check(from('198.51.100.1'), input);
      expect(r).toMatchObject({ ok: false, reason: 'invalid-input', status: 400, ...(field ? { field } : {}) });
    }
    expect((await guard.check(from('198.51.100.1'), { url: 'https://x.example/mcp' })).ok).toBe(true);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('a target the address policy closes is an input error about the URL, and nothing is sent', async () => {
    const { guard, sent } = testGuard({ RATE_LIMIT: 'off', APP_ORIGIN: 'https://health.example' }, { 'intranet.example': '10.1.2.3' });
    const cases: Array<[string, RegExp]> = [
      ['http://127.0.0.1:9/mcp', /Refusing to contact 127\.0\.0\.1:9: it is a loopback address/],
      ['http://localhost/mcp', /"localhost" always names the machine this checker runs on/],
      ['http://intranet.example/mcp', /intranet\.example: it resolves to 10\.1\.2\.3, which is a private network address/],
      ['http://169.254.169.254/latest', /cloud metadata service/],
      ['https://health.example/api/check', /this health checker itself/],
      ['http://check.example/', /this health checker itself/],
    ];
    for (const [url, message] of cases) {
      const r = await guard.check(from('198.51.100.1'), { url });
      expect(r, url).toMatchObject({ ok: false, reason: 'address-policy', status: 422, field: 'url' });
      expect(!r.ok && r.error, url).toMatch(message);
    }
    expect(sent).toEqual([]);
  });

  it('runs the engine and signs what it produced', async () => {
    const { guard } = testGuard({ RATE_LIMIT: 'off' });
    const r = await guard.check(from('198.51.100.1'), { url: 'https://mcp.example/mcp' });
    if (!r.ok) throw new Error(r.error);
    expect(r.report.verdict).toBe('unreachable');
    expect(verifyReport(r.report, r.signature, { key: Buffer.from('k'.repeat(32)) }).ok).toBe(true);
  });

  it('judges a trailing-dot host as the same host without the dot', async () => {
    const { guard } = testGuard({ RATE_LIMIT: 'off' }, { 'lan.example.com': '192.168.1.5' });
    for (const url of ['https://lan.example.com./mcp', 'https://lan.example.com/mcp']) {
      const r = await guard.check(from('198.51.100.1'), { url });
      expect(!r.ok && r.error, url).toBe('Refusing to contact lan.example.com: it resolves to 192.168.1.5, which is a private network address (RFC 1918: 10/8, 172.16/12, 192.168/16). This checker only contacts public addresses. If you run it yourself and want to check servers on your own network, set ALLOW_PRIVATE_NETWORKS=true or list the host in ALLOW_HOSTS.');
    }
  });
});
