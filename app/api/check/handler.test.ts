// POST /api/check through the real guard (e2e/support/test-guard: nothing leaves the process).
import { describe, expect, it, vi } from 'vitest';
import { CheckApiResponse, ApiError } from '@/lib/api';
import { testGuard } from '@/e2e/support/test-guard';
import { PEER_HEADER } from '@/lib/web/client-ip';
import { checkHandler, type CheckRouteDeps } from './handler';

const DNS = { 'mcp.example': '93.184.215.14' };

function route(env: Record<string, string> = { RATE_LIMIT: 'off' }, over: Partial<CheckRouteDeps> = {}) {
  const t = testGuard(env, DNS);
  const share = vi.fn<CheckRouteDeps['share']>(async () => ({ ok: true, path: '/r/abcdefghijklmnopqrstu' }));
  return { ...t, share, handler: checkHandler({ guard: () => t.guard, share, ...over }) };
}

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request('http://app.test/api/check', { method: 'POST', body, headers: { 'content-type': 'application/json', host: 'app.test', [PEER_HEADER]: '198.51.100.1', ...headers } });

async function call(handler: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) {
  const res = await handler(post(typeof body === 'string' ? body : JSON.stringify(body), headers));
  return { res, json: (await res.json()) as unknown };
}

describe('POST /api/check', () => {
  it.each([
    ['not json', 'The body must be JSON'],
    [{}, 'Enter the URL of an MCP server.'],
    [[null], 'Send {"url"'],
    [{ url: 'ftp://e.com' }, 'Only http:// and https://'],
    [{ url: 'https://e.com/mcp', headers: 'Authorization: x' }, 'Headers must be an object'],
    [{ url: 'https://e.com/mcp', headers: { 'Bad Name': 'x' } }, 'not a valid header name'],
    [{ url: 'https://e.com/mcp', headers: { A: 'line\nbreak' } }, 'line breaks'],
    [{ url: 'https://e.com/mcp', share: 'yes' }, '"share" must be true or false.'],
  ])('400 for %j, with the same message as the page, and nothing runs', async (body, message) => {
    const r = route();
    const { res, json } = await call(r.handler, body);
    expect(res.status).toBe(400);
    expect(ApiError.parse(json).error).toContain(message);
    expect(r.sent).toEqual([]);
  });

  it('200 with the signed report; nothing is shared unless asked', async () => {
    const r = route();
    const { res, json } = await call(r.handler, { url: ' https://mcp.example/mcp ', headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(r.sent[0]).toBe('https://mcp.example/mcp');
    expect(r.share).not.toHaveBeenCalled();
    const parsed = CheckApiResponse.parse(json);
    expect(parsed.report.url).toBe('https://mcp.example/mcp');
    expect(parsed.signature).toMatch(/^v1\./);
  });

  it('"share": true stores the report and returns an absolute shareUrl', async () => {
    const r = route();
    const { res, json } = await call(r.handler, { url: 'https://mcp.example/mcp', share: true });
    expect(res.status).toBe(200);
    expect(r.share).toHaveBeenCalledOnce();
    expect(CheckApiResponse.parse(json).shareUrl).toBe('http://app.test/r/abcdefghijklmnopqrstu');
  });

  it('a failed share is an error with the store\'s status, not a silent report without a link', async () => {
    const r = route(undefined, { share: async () => ({ ok: false, status: 503, error: 'The report store is unavailable.' }) });
    const { res, json } = await call(r.handler, { url: 'https://mcp.example/mcp', share: true });
    expect(res.status).toBe(503);
    expect(json).toEqual({ error: 'The report store is unavailable.' });
  });

  it('429 with Retry-After past the limit, before any check runs', async () => {
    const r = route({ RATE_LIMIT_CHECKS: '1/min' });
    expect((await call(r.handler, { url: 'https://mcp.example/mcp' })).res.status).toBe(200);
    const sent = r.sent.length;
    const { res, json } = await call(r.handler, { url: 'https://mcp.example/mcp' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ApiError.parse(json).error).toMatch(/^Too many checks from your address: at most 1 check a minute\. Try again in \d+ s\.$/);
    expect(r.sent.length).toBe(sent);
  });

  it('a target the address policy refuses is 422 about the url field, not a DOWN report', async () => {
    const r = route();
    const { res, json } = await call(r.handler, { url: 'http://127.0.0.1:9/mcp' });
    expect(res.status).toBe(422);
    expect(ApiError.parse(json)).toEqual({ field: 'url', error: expect.stringMatching(/^Refusing to contact 127\.0\.0\.1:9: it is a loopback address/) });
    expect(r.sent).toEqual([]);
  });

  it('refuses a browser\'s cross-site text/plain POST, and serves a JSON POST without Origin', async () => {
    const r = route();
    const form = await r.handler(
      new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url: 'https://mcp.example/mcp' }), headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }),
    );
    expect(form.status).toBe(403);
    expect(ApiError.parse(await form.json()).error).toMatch(/another site/);
    // No Origin, but not JSON either: a form or a simple request from somewhere that hides its origin.
    const plain = await r.handler(new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url: 'https://mcp.example/mcp' }), headers: { 'content-type': 'text/plain' } }));
    expect(plain.status).toBe(415);
    expect(r.sent).toEqual([]);
    const script = await r.handler(new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url: 'https://mcp.example/mcp' }), headers: { 'content-type': 'application/json' } }));
    expect(script.status).toBe(200);
  });

  it('rejects oversized bodies', async () => {
    const r = route();
    const big = await r.handler(new Request('http://app.test/api/check', { method: 'POST', body: 'x'.repeat(300 * 1024), headers: { 'content-type': 'application/json' } }));
    expect(big.status).toBe(413);
  });
});
