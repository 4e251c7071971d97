import { describe, expect, it, vi } from 'vitest';
import { CheckApiResponse, ApiError } from '@/lib/api';
import { Report } from '@/lib/report/schema';
import { checkHandler, type CheckRouteDeps } from './handler';

const report = Report.parse({
  schemaVersion: 1,
  url: 'https://example.com/mcp',
  checkedAt: '2026-01-02T03:04:05.678Z',
  durationMs: 1,
  verdict: 'unreachable',
  summary: 'Down.',
  era: 'unknown',
  supportedVersions: [],
  steps: [],
  tools: [],
  findings: [],
});

function deps(over: Partial<CheckRouteDeps> = {}) {
  return {
    check: vi.fn<CheckRouteDeps['check']>(async () => ({ ok: true, report, signature: 'sig' })),
    share: vi.fn<CheckRouteDeps['share']>(async () => ({ ok: true, path: '/r/abcdefghijklmnopqrstu' })),
    ...over,
  };
}

const post = (body: string) => new Request('http://app.test/api/check', { method: 'POST', body, headers: { 'content-type': 'application/json' } });

async function call(d: CheckRouteDeps, body: unknown) {
  const res = await checkHandler(d)(post(typeof body === 'string' ? body : JSON.stringify(body)));
  return { res, json: (await res.json()) as unknown };
}

describe('POST /api/check', () => {
  it.each([
    ['not json', 'The body must be JSON'],
    [{}, 'Enter the URL of an MCP server.'],
    [{ url: 'ftp://e.com' }, 'Only http:// and https://'],
    [{ url: 'https://e.com/mcp', headers: { 'Bad Name': 'x' } }, 'not a valid header name'],
    [{ url: 'https://e.com/mcp', headers: { A: 'line\nbreak' } }, 'line breaks'],
    [{ url: 'https://e.com/mcp', share: 'yes' }, '"share" must be true or false.'],
  ])('400 for %j, with the same message as the page, and nothing runs', async (body, message) => {
    const d = deps();
    const { res, json } = await call(d, body);
    expect(res.status).toBe(400);
    expect(ApiError.parse(json).error).toContain(message);
    expect(d.check).not.toHaveBeenCalled();
  });

  it('200 with the report; nothing is shared unless asked', async () => {
    const d = deps();
    const { res, json } = await call(d, { url: ' https://e.com/mcp ', headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(d.check).toHaveBeenCalledWith({ url: 'https://e.com/mcp', headers: { Authorization: 'Bearer x' } }, expect.any(Headers));
    expect(d.share).not.toHaveBeenCalled();
    expect(CheckApiResponse.parse(json)).toEqual({ report, signature: 'sig' });
  });

  it('"share": true stores the report and returns an absolute shareUrl', async () => {
    const d = deps();
    const { res, json } = await call(d, { url: 'https://e.com/mcp', share: true });
    expect(res.status).toBe(200);
    expect(d.share).toHaveBeenCalledWith({ report, signature: 'sig' }, expect.any(Headers));
    expect(CheckApiResponse.parse(json).shareUrl).toBe('http://app.test/r/abcdefghijklmnopqrstu');
  });

  it('a failed share is an error with the store\'s status, not a silent report without a link', async () => {
    const d = deps({ share: async () => ({ ok: false, status: 503, error: 'The report store is unavailable.' }) });
    const { res, json } = await call(d, { url: 'https://e.com/mcp', share: true });
    expect(res.status).toBe(503);
    expect(json).toEqual({ error: 'The report store is unavailable.' });
  });

  it('429 with Retry-After when the rate limit says so, before any check runs', async () => {
    const d = deps({ rateLimit: async () => ({ ok: false, retryAfterS: 30 }) });
    const { res } = await call(d, { url: 'https://e.com/mcp' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(d.check).not.toHaveBeenCalled();
  });

  it('an app-level refusal keeps its status', async () => {
    const d = deps({ check: async () => ({ ok: false, error: 'This address is not allowed.', status: 403 }) });
    const { res, json } = await call(d, { url: 'https://e.com/mcp' });
    expect(res.status).toBe(403);
    expect(json).toEqual({ error: 'This address is not allowed.' });
  });
});
