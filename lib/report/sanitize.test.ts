import { describe, expect, it } from 'vitest';
import { Report } from './schema';
import { MASK, isCredentialHeader } from '../header-registry';
import { SHARED_BODY_CAP_BYTES, capText, maskHeaderValue, sanitizeReport, stripUrl } from './sanitize';
import { sampleReport } from '@/e2e/support/sample-report';

const json = (r: unknown) => JSON.stringify(r);

describe('sanitizeReport', () => {
  it('still parses with the report schema and records what it removed', () => {
    const out = sanitizeReport(sampleReport());
    expect(Report.safeParse(out).success).toBe(true);
    expect(out.sanitized).toEqual({ queryRemoved: false, headersRemoved: 1, bodiesCapped: 0 });
  });

  it('leaves out the headers the person typed, name and value, and keeps the protocol headers', () => {
    const out = sanitizeReport(sampleReport());
    const names = out.steps.flatMap((s) => s.request?.headers.map(([k]) => k.toLowerCase()) ?? []);
    expect(names).not.toContain('authorization');
    expect(names).toContain('content-type');
    expect(names).toContain('mcp-protocol-version');
  });

  it("keeps the CORS preflight's own headers and does not count them as typed", () => {
    const r = sampleReport();
    r.steps.push({
      id: 'cors-preflight',
      name: 'OPTIONS (CORS preflight)',
      status: 'ok',
      startMs: 0,
      latencyMs: 1,
      notes: '',
      request: { method: 'OPTIONS', url: r.url, headers: [['origin', 'https://mcp-health.invalid'], ['access-control-request-method', 'POST'], ['access-control-request-headers', 'content-type']] },
    });
    const before = sanitizeReport(sampleReport()).sanitized?.headersRemoved ?? 0;
    const out = sanitizeReport(r);
    expect(out.steps.at(-1)?.request?.headers.map(([k]) => k)).toEqual(['origin', 'access-control-request-method', 'access-control-request-headers']);
    expect(out.sanitized?.headersRemoved ?? 0).toBe(before);
  });

  it('masks session ids in headers, in session.id and wherever a body repeats them', () => {
    const r = sampleReport();
    r.steps[1]!.response!.body = 'your session is sess-6f1c2a9b7d';
    const out = sanitizeReport(r);
    expect(json(out)).not.toContain('sess-6f1c2a9b7d');
    expect(out.session?.id).toBe(MASK);
    expect(out.session?.issued).toBe(true);
    expect(out.steps[1]!.request!.headers).toContainEqual(['mcp-session-id', MASK]);
  });

  it('masks cookie values but keeps cookie names and attributes', () => {
    const out = sanitizeReport(sampleReport());
    expect(json(out)).not.toContain('c00k1e-v4lue-123');
    expect(out.steps[0]!.response!.headers).toContainEqual(['set-cookie', `sid=${MASK}; Path=/; HttpOnly`]);
  });

  it('masks any credential-like response header and a value a server echoed from a typed header', () => {
    const r = sampleReport();
    const secret = 'sk-live-8c1f0e6a92b44d0b';
    r.steps[0]!.request!.headers.push(['X-Custom-Thing', secret]);
    r.steps[0]!.response!.headers.push(['x-echo-authorization', `Bearer ${secret}`], ['X-Upstream-Key', 'k-99887766'], ['x-request-id', 'abc']);
    r.steps[0]!.response!.body = `{"echo":"${secret}"}`;
    r.tools[0]!.description = `headers: {"x-custom-thing":"${secret}"}`;
    const out = sanitizeReport(r);
    expect(json(out)).not.toContain(secret);
    expect(json(out)).not.toContain('k-99887766');
    expect(out.steps[0]!.response!.headers).toContainEqual(['x-echo-authorization', `Bearer ${MASK}`]);
    expect(out.steps[0]!.response!.headers).toContainEqual(['x-request-id', 'abc']);
    expect(out.sanitized?.headersRemoved).toBe(2);
  });

  it('keeps auth challenges readable: they are the evidence for an auth-required verdict', () => {
    const r = sampleReport();
    const challenge = 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", error="invalid_token"';
    r.steps[0]!.response!.headers.push(['www-authenticate', challenge]);
    r.steps[0]!.response!.body = `{"error":"login first","challenge":${JSON.stringify(challenge)}}`;
    const out = sanitizeReport(r);
    expect(out.steps[0]!.response!.headers).toContainEqual(['www-authenticate', challenge]);
    expect(out.steps[0]!.response!.body).toContain(JSON.stringify(challenge));
  });

  it('masks bearer tokens and JWTs a server printed anywhere', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const r = sampleReport({ instructions: `Use Authorization: Bearer abcdefgh12345678 or ${jwt}` });
    const out = sanitizeReport(r);
    expect(out.instructions).toBe(`Use Authorization: Bearer ${MASK} or ${MASK}`);
  });

  it('leaves the words of its own sentences after a scheme name alone', () => {
    const r = sampleReport();
    r.steps[0]!.notes = 'The server needs credentials (401, Bearer challenge). Add an Authorization header or get a token.';
    expect(sanitizeReport(r).steps[0]!.notes).toBe(r.steps[0]!.notes);
    r.steps[0]!.notes = 'Bearer challengeabc123 and Bearer Challenge99xyz';
    expect(sanitizeReport(r).steps[0]!.notes).toBe(`Bearer ${MASK} and Bearer ${MASK}`);
  });

  it('strips userinfo, query and fragment from the URL and step URLs, and masks key-like values elsewhere', () => {
    const key = 'AKIA5EXAMPLE9KEY';
    const url = `https://user:pa55word@mcp.example.com/mcp?api_key=${key}&v=1#frag`;
    const r = sampleReport({ url, summary: `Down: ${url} did not answer` });
    for (const s of r.steps) s.request!.url = url;
    r.steps[1]!.response!.body = `echo ${key}`;
    const out = sanitizeReport(r);
    expect(out.url).toBe('https://mcp.example.com/mcp');
    expect(out.steps.every((s) => s.request!.url === 'https://mcp.example.com/mcp')).toBe(true);
    expect(out.summary).toBe('Down: https://mcp.example.com/mcp did not answer');
    const text = json(out);
    for (const leak of [key, 'pa55word', 'frag', 'api_key=']) expect(text).not.toContain(leak);
    expect(out.sanitized?.queryRemoved).toBe(true);
  });

  it('strips the HTTP+SSE session query from the message endpoint and masks it in the endpoint event', () => {
    const r = sampleReport();
    r.steps[1]!.request!.url = 'https://mcp.example.com/messages?sessionId=4b1d6a3c-77aa';
    r.steps[1]!.response!.sse = [{ event: 'endpoint', data: '/messages?sessionId=4b1d6a3c-77aa' }];
    const out = sanitizeReport(r);
    expect(json(out)).not.toContain('4b1d6a3c-77aa');
    expect(out.steps[1]!.request!.url).toBe('https://mcp.example.com/messages');
  });

  it('caps each body at 16 KB with a visible marker, SSE frames included', () => {
    const r = sampleReport();
    r.steps[0]!.response!.body = 'x'.repeat(40_000);
    r.steps[1]!.response!.sse = Array.from({ length: 10 }, () => ({ event: 'message', data: 'y'.repeat(5_000) }));
    const out = sanitizeReport(r);
    const body = out.steps[0]!.response!.body;
    expect(new TextEncoder().encode(body).length).toBeLessThan(SHARED_BODY_CAP_BYTES + 200);
    expect(body).toMatch(/shared copy cut at 16 KB: 23,616 more bytes not stored/);
    expect(out.steps[0]!.response!.truncated).toBe(true);
    const sse = out.steps[1]!.response!.sse!;
    const total = sse.reduce((n, f) => n + f.data.length, 0);
    expect(total).toBeLessThan(SHARED_BODY_CAP_BYTES + 300);
    expect(sse.at(-1)!.data).toMatch(/more events not stored/);
    expect(out.sanitized?.bodiesCapped).toBe(2);
  });

  it('does not change the report it is given', () => {
    const r = sampleReport();
    const before = json(r);
    sanitizeReport(r);
    expect(json(r)).toBe(before);
  });

  it('masks credentials that surface in the auth section', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl';
    const r = sampleReport({
      auth: {
        status: 401,
        revision: '2026-07-28',
        challenge: { scheme: 'Bearer', params: [['error_description', `token ${jwt} expired`]], raw: [`Bearer error_description="token ${jwt} expired"`] },
        scopes: [],
        trail: [{ url: 'https://as.example.com/.well-known/oauth-authorization-server', purpose: 'as-metadata', status: 200, outcome: 'ok', note: 'found' }],
        findings: [],
      },
    });
    const out = sanitizeReport(r);
    expect(json(out)).not.toContain(jwt);
    expect(json(out)).toContain('https://as.example.com/.well-known/oauth-authorization-server');
    expect(out.auth?.status).toBe(401);
  });
});

describe('helpers', () => {
  it('knows credential headers by name', () => {
    for (const n of ['Authorization', 'Cookie', 'Set-Cookie', 'X-API-Key', 'Mcp-Session-Id', 'x-auth-token', 'X-Client-Secret']) expect(isCredentialHeader(n)).toBe(true);
    for (const n of ['content-type', 'WWW-Authenticate', 'x-request-id', 'mcp-protocol-version']) expect(isCredentialHeader(n)).toBe(false);
  });
  it('masks a header value but keeps the auth scheme', () => {
    expect(maskHeaderValue('authorization', 'Bearer abc')).toBe(`Bearer ${MASK}`);
    expect(maskHeaderValue('cookie', 'a=1; b=2')).toBe(`a=${MASK}; b=${MASK}`);
    expect(maskHeaderValue('x-api-key', 'k')).toBe(MASK);
  });
  it('cuts on a character boundary', () => {
    const c = capText('é'.repeat(10), 5);
    expect(c.text.startsWith('éé\n')).toBe(true);
    expect(c.cut).toBe(true);
  });
  it('reports an untouched URL as not removed', () => {
    expect(stripUrl('https://a.example/mcp')).toEqual({ url: 'https://a.example/mcp', removed: false });
    expect(stripUrl('https://a.example/mcp?')).toEqual({ url: 'https://a.example/mcp', removed: true });
  });
});

describe('tool calls in a shared copy', () => {
  it('caps content data like a body, keeps small items, drops the MCP Apps document, ', () => {
    const big = 'A'.repeat(40_000);
    const report = {
      ...sampleReport(),
      calls: [
        {
          n: 1,
          tool: 'get-tiny-image',
          arguments: { note: 'https://example.com/x?key=SECRETVALUE123' },
          calledAt: '2026-01-01T00:00:00.000Z',
          outcome: 'result' as const,
          message: 'ok',
          latencyMs: 5,
          stepIds: [],
          content: [
            { type: 'image' as const, data: big, mimeType: 'image/png' },
            { type: 'image' as const, data: 'iVBORw0KGgo=', mimeType: 'image/png' },
          ],
          app: { uri: 'ui://x', html: '<html><script>1</script></html>' },
        },
      ],
    };
    const shared = sanitizeReport(report);
    const call = shared.calls![0]!;
    expect(call.content![0]).toEqual({ type: 'image', data: '', mimeType: 'image/png', truncated: true });
    expect(call.content![1]).toMatchObject({ data: 'iVBORw0KGgo=' });
    expect(call.app).toEqual({ uri: 'ui://x' });
    expect(shared.sanitized?.bodiesCapped).toBeGreaterThanOrEqual(1);
  });
});
