// The header registry as a person meets it: what a check sends, what the live report shows, what
// follows a redirect to another origin, what a shared copy keeps, and what the sign-in trail shows.
// Each assertion goes through the code that reads the registry, not the registry's table.
import { describe, expect, it } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { MASK, browserRequestHeaders } from './header-registry';
import { buildHeaders, maskRequestHeaders } from './mcp/exchange';
import { lowerNames } from './net/headers';
import { headersForHop } from './net/redirect';
import { toCurl } from './report/curl';
import type { HeaderList } from './report/schema';
import { sanitizeReport } from './report/sanitize';
import { maskHeaders as trailHeaders } from './signin/trail';

const here = new URL('https://mcp.example/mcp');
const elsewhere = new URL('https://other.example/mcp');

/** One request of a check, from the headers a person typed and the protocol headers of the step. */
function request(typed: Record<string, string>, protocol: Record<string, string>) {
  const sent = buildHeaders(typed, protocol);
  const live = maskRequestHeaders(sent, typed);
  const report = sampleReport();
  report.steps = [{ id: 'x', name: 'x', status: 'ok', startMs: 0, latencyMs: 1, notes: '', request: { method: 'POST', url: here.href, headers: live } }];
  const shared = sanitizeReport(report).steps[0]!.request!.headers;
  return {
    sent,
    live: Object.fromEntries(live),
    /** What outbound sends on after a redirect to another origin (it lower-cases names first). */
    crossOrigin: headersForHop(lowerNames(sent), here, elsewhere),
    sameOrigin: headersForHop(lowerNames(sent), here, new URL('/v2/mcp', here)),
    shared: Object.fromEntries(shared),
    curl: toCurl({ method: 'POST', url: here.href, headers: live }),
  };
}

describe('header registry', () => {
  it('Authorization a person typed: sent, masked in the live report, never sent to another origin, left out of a shared copy', () => {
    const r = request({ Authorization: 'Bearer sk-live-123456' }, { 'content-type': 'application/json' });
    expect(r.sent.Authorization).toBe('Bearer sk-live-123456');
    expect(r.live.Authorization).toBe(`Bearer ${MASK}`);
    expect(r.sameOrigin.authorization).toBe('Bearer sk-live-123456');
    expect(r.crossOrigin).not.toHaveProperty('authorization');
    expect(r.crossOrigin['content-type']).toBe('application/json');
    expect(Object.keys(r.shared).map((k) => k.toLowerCase())).not.toContain('authorization');
    expect(r.curl).toContain('"Authorization: Bearer $MCP_TOKEN"');
    expect(r.curl).not.toContain('sk-live');
  });

  it('Mcp-Session-Id is the engine’s: a typed one is not sent, the live report shows the real one, another origin never gets it, a shared copy masks it', () => {
    const r = request({ 'Mcp-Session-Id': 'typed-by-person' }, { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 'sess-from-server' });
    expect(Object.values(r.sent)).not.toContain('typed-by-person');
    expect(r.live['mcp-session-id']).toBe('sess-from-server');
    expect(r.crossOrigin).not.toHaveProperty('mcp-session-id');
    expect(r.crossOrigin['mcp-protocol-version']).toBe('2025-11-25');
    expect(r.shared['mcp-session-id']).toBe(MASK);
    expect(r.shared['mcp-protocol-version']).toBe('2025-11-25');
  });

  it('a typed header named like a protocol header is not sent: the engine’s value goes out and is shown as is', () => {
    const r = request(
      { 'MCP-Protocol-Version': '1999-01-01', 'Content-Type': 'text/plain', 'Mcp-Param-Region': 'typed', Host: 'evil.example' },
      { 'content-type': 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-param-region': 'eu' },
    );
    expect(r.sent).toEqual({ 'content-type': 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-param-region': 'eu' });
    expect(r.live).toEqual(r.sent);
    // Mirrored request headers carry no credential: they follow the request anywhere and are kept in a shared copy.
    expect(r.crossOrigin).toMatchObject({ 'mcp-method': 'tools/call', 'mcp-param-region': 'eu' });
    expect(r.shared).toMatchObject({ 'mcp-method': 'tools/call', 'mcp-param-region': 'eu' });
  });

  it('other typed headers are sent and masked live; only those without credentials follow a redirect to another origin; a shared copy drops them all', () => {
    const r = request({ 'X-Api-Key': 'k-123456789', 'Accept-Language': 'de', Origin: 'https://typed.example' }, { 'content-type': 'application/json' });
    expect(r.sent).toMatchObject({ 'X-Api-Key': 'k-123456789', 'Accept-Language': 'de', Origin: 'https://typed.example' });
    expect(r.live).toMatchObject({ 'X-Api-Key': MASK, 'Accept-Language': MASK, Origin: MASK });
    expect(r.crossOrigin['accept-language']).toBe('de');
    expect(r.crossOrigin).not.toHaveProperty('x-api-key');
    expect(r.crossOrigin).not.toHaveProperty('origin');
    expect(Object.keys(r.shared).map((k) => k.toLowerCase())).not.toContain('x-api-key');
    expect(Object.keys(r.shared).map((k) => k.toLowerCase())).not.toContain('accept-language');
    expect(JSON.stringify(r.shared)).not.toContain('k-123456789');
  });

  it('a challenge is evidence, not a credential: WWW-Authenticate stays readable where Set-Cookie and DPoP are masked', () => {
    const challenge = 'Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource"';
    const report = sampleReport();
    const response: HeaderList = [['www-authenticate', challenge], ['set-cookie', 'sid=abc123def456; Path=/'], ['x-session-token', 'tok-987654321']];
    report.steps[0]!.response!.headers = response;
    const shared = Object.fromEntries(sanitizeReport(report).steps[0]!.response!.headers);
    expect(shared['www-authenticate']).toBe(challenge);
    expect(shared['set-cookie']).toBe(`sid=${MASK}; Path=/`);
    expect(shared['x-session-token']).toBe(MASK);
    const trail = Object.fromEntries(trailHeaders([['authorization', 'Basic Y2xpZW50OnNlY3JldA=='], ['dpop', 'eyJhbGciOi.proof'], ['www-authenticate', challenge], ['content-type', 'application/json']]));
    expect(trail).toEqual({ authorization: `Basic ${MASK}`, dpop: MASK, 'www-authenticate': challenge, 'content-type': 'application/json' });
  });

  it('a CORS preflight asks for what browser clients of each era send, Authorization included', () => {
    expect(browserRequestHeaders('legacy')).toEqual(['content-type', 'authorization', 'mcp-protocol-version', 'mcp-session-id', 'last-event-id']);
    expect(browserRequestHeaders('modern')).toEqual(['content-type', 'authorization', 'mcp-protocol-version', 'mcp-method', 'mcp-name']);
  });
});
