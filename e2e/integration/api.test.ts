// The JSON API's contract against real reports: every report the engine produces for real peers and
// fixtures is accepted by the OpenAPI document's schemas, and POST /api/check's handler runs the
// real engine end to end.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '@/lib/check';
import { CheckApiResponse } from '@/lib/api';
import { buildOpenApi } from '@/lib/openapi';
import { checkHandler } from '@/app/api/check/handler';
import { guardConfig } from '@/lib/guard/config';
import { createGuard } from '@/lib/guard/guard';
import { MemoryRateLimitStore } from '@/lib/ratelimit';
import { startPeer, type Peer, type PeerKind } from '../peers';
import { refusedPortUrl, startFixture, type Fixture, type FixtureKind } from '../fixtures';
import { componentValidator } from '../openapi-validator';
import { testDeps } from './deps';

const validate = componentValidator(buildOpenApi());
const PEERS: PeerKind[] = ['sdk1-sse', 'sdk1-httpsse', 'sdk2-dual'];
const FIXTURES: FixtureKind[] = ['zero-tools', 'wrong-id', 'html'];

describe('OpenAPI schemas accept real reports', () => {
  const peers: Peer[] = [];
  const fixtures: Fixture[] = [];
  let auth: http.Server;
  let authUrl: string;

  beforeAll(async () => {
    peers.push(...(await Promise.all(PEERS.map((k) => startPeer(k)))));
    fixtures.push(...(await Promise.all(FIXTURES.map((k) => startFixture(k)))));
    // 401 with a resource_metadata pointer whose document exists: report.auth gets filled.
    auth = http.createServer((req, res) => {
      req.resume();
      const origin = `http://${req.headers.host}`;
      if (req.url === '/.well-known/oauth-protected-resource/mcp') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ resource: `${origin}/mcp`, authorization_servers: [origin] }));
        return;
      }
      res.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"` }).end();
    });
    await new Promise<void>((r) => auth.listen(0, '127.0.0.1', r));
    authUrl = `http://127.0.0.1:${(auth.address() as AddressInfo).port}/mcp`;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...peers.map((p) => p.stop()), ...fixtures.map((f) => f.stop()), new Promise((r) => auth?.close(r))]);
  });

  it('for every verdict and era', async () => {
    const urls = [...peers.map((p) => p.url), ...fixtures.map((f) => f.url), authUrl, await refusedPortUrl()];
    const reports = await Promise.all(urls.map((url) => runCheck({ url }, testDeps({ checkTimeoutMs: 15_000 }))));
    expect(new Set(reports.map((r) => r.verdict))).toEqual(new Set(['healthy', 'partial', 'auth-required', 'unreachable']));
    expect(new Set(reports.map((r) => r.era))).toEqual(new Set(['modern', 'legacy', 'http+sse', 'unknown']));
    expect(reports.some((r) => r.auth?.resourceMetadata)).toBe(true);
    for (const r of reports) {
      const result = validate('Report', JSON.parse(JSON.stringify(r)));
      expect(result.errors, `${r.url} ${r.verdict}`).toEqual([]);
    }
  });

  it('POST /api/check end to end: the response body validates against CheckResponse', async () => {
    const handler = checkHandler({
      guard: () => createGuard(guardConfig({ ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT: 'off' }), { store: new MemoryRateLimitStore() }),
      share: async () => ({ ok: true, path: '/r/AAAAAAAAAAAAAAAAAAAAA' }),
    });
    const res = await handler(
      new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url: peers[0]!.url, share: true }), headers: { 'content-type': 'application/json' } }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as unknown;
    expect(validate('CheckResponse', body).errors).toEqual([]);
    const parsed = CheckApiResponse.parse(body);
    expect(parsed.report.verdict).toBe('healthy');
    expect(parsed.shareUrl).toBe('http://app.test/r/AAAAAAAAAAAAAAAAAAAAA');
  });
});
