import { describe, expect, it } from 'vitest';
import { adviceFor, recogniseFramework } from './advice';
import { sampleReport } from '@/e2e/support/sample-report';
import type { Report, Step } from './schema';

/** A DOWN report whose initialize failed the way the engine records it. */
function down(error: NonNullable<Step['error']>, response?: Partial<NonNullable<Step['response']>>, timing?: Step['timing']): Report {
  const base = sampleReport();
  const step: Step = {
    ...base.steps[0]!,
    status: 'error',
    error,
    ...(timing ? { timing } : {}),
    ...(response ? { response: { status: 200, headers: [], body: '', truncated: false, ...response } } : {}),
  };
  return sampleReport({ verdict: 'unreachable', era: 'unknown', steps: [step], tools: [], findings: [] });
}

const ids = (r: Report) => adviceFor(r).map((a) => a.id);
const text = (r: Report) => adviceFor(r).map((a) => [a.title, a.what, ...a.steps].join('\n')).join('\n');

describe('what to do, per cause', () => {
  it('an HTML page: it is a website; the endpoint is often /mcp or /api/mcp', () => {
    const r = down({ code: 'CONTENT_TYPE', message: 'The URL returned an HTML page' }, { contentType: 'text/html; charset=utf-8' });
    expect(ids(r)).toEqual(['html-page']);
    expect(text(r)).toMatch(/website/);
    expect(text(r)).toMatch(/\/mcp or \/api\/mcp/);
  });

  it('a timeout: accepted but never answered, check the handler or a buffering proxy', () => {
    const r = down({ code: 'TIMEOUT', message: 'no response headers within 10000 ms' }, undefined, { connectMs: 3, totalMs: 10000 });
    expect(ids(r)).toEqual(['timeout']);
    expect(adviceFor(r)[0]!.title).toBe('The server accepted the connection but never answered');
    expect(text(r)).toMatch(/proxy that buffers streaming responses/);
    // No connection in the timing: no claim that one was accepted.
    expect(adviceFor(down({ code: 'TIMEOUT', message: 'x' }))[0]!.title).toBe('The server did not answer in time');
  });

  it('406, 404 and 405 each get their own block', () => {
    expect(ids(down({ code: 'HTTP_STATUS', message: 'HTTP 406.' }, { status: 406 }))).toEqual(['accept-406']);
    expect(ids(down({ code: 'HTTP_STATUS', message: 'HTTP 404.' }, { status: 404 }))).toEqual(['not-found']);
    expect(ids(down({ code: 'HTTP_STATUS', message: 'HTTP 405.' }, { status: 405 }))).toEqual(['method-not-allowed']);
    expect(ids(down({ code: 'HTTP_STATUS', message: 'HTTP 502.' }, { status: 502 }))).toEqual(['server-error']);
    expect(ids(down({ code: 'DNS', message: 'x' }))).toEqual(['dns']);
    expect(ids(down({ code: 'ID_MISMATCH', message: 'x' }))).toEqual(['not-mcp']);
  });

  it('names the framework only when a header says it', () => {
    const plain = down({ code: 'HTTP_STATUS', message: 'HTTP 404.' }, { status: 404, headers: [['content-type', 'text/plain']] });
    expect(recogniseFramework(plain)).toBeUndefined();
    expect(text(plain)).not.toMatch(/Express|Next\.js|uvicorn|Cloudflare/);
    const express = down({ code: 'HTTP_STATUS', message: 'HTTP 404.' }, { status: 404, headers: [['x-powered-by', 'Express']] });
    expect(recogniseFramework(express)).toBe('Express');
    expect(text(express)).toMatch(/Express \(X-Powered-By\)/);
  });

  it('WARN: zero tools, HTTP+SSE only, a rejected tool list', () => {
    expect(ids(sampleReport({ verdict: 'partial', tools: [], findings: [] }))).toEqual(['zero-tools']);
    expect(text(sampleReport({ verdict: 'partial', tools: [], findings: [] }))).toMatch(/advertises tools but lists none[\s\S]*register at least one/i);
    expect(ids(sampleReport({ verdict: 'partial', era: 'http+sse', findings: [] }))).toEqual(['http-sse-only']);
    expect(text(sampleReport({ verdict: 'partial', era: 'http+sse', findings: [] }))).toMatch(/StreamableHTTPServerTransport/);
    const rejected = sampleReport({ verdict: 'partial', tools: [], findings: [{ id: 'S1', severity: 'error', message: 'tools[0] has no name' }] });
    expect(ids(rejected)).toEqual(['tools-list-failed']);
  });

  it('a refused CORS preflight says it only matters for browser clients', () => {
    const r = sampleReport({ findings: [{ id: 'C1', severity: 'info', message: 'refused' }] });
    expect(ids(r)).toEqual(['cors-refused']);
    expect(text(r)).toMatch(/only matters for MCP clients that run in a web page/);
  });

  it('AUTH: how to get past the 401, and one block per auth problem found', () => {
    const auth = (ids: string[]) => sampleReport({ verdict: 'auth-required', findings: ids.map((id) => ({ id, severity: 'error' as const, message: '' })) });
    expect(ids(auth([]))).toEqual(['auth-token']);
    expect(ids(auth(['A1']))).toEqual(['auth-token', 'auth-no-challenge']);
    expect(ids(auth(['A2', 'A8', 'A10', 'A13']))).toEqual(['auth-token', 'auth-prm', 'auth-as-metadata', 'auth-flow', 'auth-registration']);
  });

  it('a GOOD report with nothing to fix has nothing to do', () => {
    expect(adviceFor(sampleReport({ findings: [] }))).toEqual([]);
  });
});
