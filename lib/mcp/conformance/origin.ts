// DNS-rebinding protection, every era: a request from a foreign Origin must be refused.
// 2025-11-25 https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning
// ("Servers MUST validate the Origin header … If the Origin header is present and invalid, servers
// MUST respond with HTTP Status code 403 Forbidden"); 2025-03-26 and 2025-06-18 require the
// validation without naming the status; 2026-07-28 keeps the 403:
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#security-warning
import ipaddr from 'ipaddr.js';
import { headerValue } from '../../net/headers';
import { finding } from '../findings';
import { CLIENT_INFO, LATEST_LEGACY_VERSION, modernHeaders, modernMeta, POST_HEADERS } from '../protocol';
import { answerOf, mark, probeExchange, record, type ProbeRun } from './probe';

export const FOREIGN_ORIGIN = 'http://evil.invalid';

/** Loopback or private: where DNS rebinding reaches a server the attacker cannot reach directly. */
export function isLocalTarget(url: string): { local: boolean; loopback: boolean } {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return { local: true, loopback: true };
  if (!ipaddr.isValid(host)) return { local: host.endsWith('.local') || host.endsWith('.internal'), loopback: false };
  let addr = ipaddr.parse(host);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  return { local: ['loopback', 'private', 'uniqueLocal', 'linkLocal', 'carrierGradeNat'].includes(range), loopback: range === 'loopback' };
}

/**
 * One request as a page on a foreign site would send it after rebinding its name to the server:
 * Origin and, for a loopback server, Host name the attacker's site (as the official conformance
 * suite's dns-rebinding-protection scenario does). For a remote server only Origin changes: its
 * Host must stay, or shared hosting would route the request elsewhere.
 */
export async function probeOrigin(run: ProbeRun, era: 'modern' | 'legacy'): Promise<void> {
  const target = new URL(run.url);
  const { local, loopback } = isLocalTarget(run.url);
  const foreign: Record<string, string> = { origin: FOREIGN_ORIGIN, ...(loopback ? { host: `evil.invalid${target.port ? `:${target.port}` : ''}` } : {}) };
  const id = 'probe-origin';
  const pending =
    era === 'modern'
      ? probeExchange(run, {
          stepId: 'probe: foreign Origin',
          name: `server/discover from Origin ${FOREIGN_ORIGIN}`,
          era,
          method: 'POST',
          headers: { ...modernHeaders('server/discover'), ...foreign },
          message: { jsonrpc: '2.0', id, method: 'server/discover', params: { _meta: modernMeta() } },
          expectId: id,
        })
      : probeExchange(run, {
          stepId: 'probe: foreign Origin',
          name: `initialize from Origin ${FOREIGN_ORIGIN}`,
          era,
          method: 'POST',
          headers: { ...POST_HEADERS, ...foreign },
          message: { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: LATEST_LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO } },
          expectId: id,
        });
  if (!pending) return record(run, 'transport/origin-validated', 'not-tested');
  const x = await pending;
  const req = 'transport/origin-validated';
  if (x.status === undefined) {
    mark(x, 'info', `no answer: ${x.error?.message ?? 'network error'}`);
    return record(run, req, 'not-tested', x);
  }
  if (x.status === 401) {
    mark(x, 'info', 'HTTP 401: the server asks for credentials first, so its Origin check cannot be seen');
    return record(run, req, 'not-testable', x);
  }
  if (x.status === 403) {
    mark(x, 'ok', 'refused with 403, as required');
    return record(run, req, 'met', x);
  }
  if (x.status >= 400 && x.status < 500) {
    mark(x, 'ok', `refused (${answerOf(x)}); 2025-11-25 and later name 403 for this`);
    run.findings.push(finding('T16', `A request from a foreign Origin was refused with HTTP ${x.status}; the spec names 403 Forbidden for it.`, { stepId: x.step.id, severity: 'info' }));
    return record(run, req, 'met', x);
  }
  if (x.status >= 500) {
    mark(x, 'info', `${answerOf(x)}: no judgement`);
    return record(run, req, 'not-tested', x);
  }
  mark(x, 'error', `accepted (${answerOf(x)}): a page on any web site can call this server`);
  run.findings.push(
    finding(
      'T16',
      local
        ? `A request from Origin ${FOREIGN_ORIGIN}${loopback ? ' (with that Host)' : ''} was accepted with HTTP ${x.status}: any web page the user opens can reach this ${loopback ? 'local ' : 'private '}server through DNS rebinding.`
        : `A request from Origin ${FOREIGN_ORIGIN} was accepted with HTTP ${x.status}: the server does not validate Origin (answer 403 to origins you do not serve).`,
      { stepId: x.step.id, severity: local ? 'error' : 'warning', evidence: `Origin: ${FOREIGN_ORIGIN}` },
    ),
  );
  record(run, req, 'failed', x);
  // An accepted initialize opened a session nobody will use: end it (without the foreign headers).
  const session = era === 'legacy' ? headerValue(x.headers, 'mcp-session-id') : undefined;
  const result = x.match?.kind === 'result' ? (x.match.result as { protocolVersion?: unknown }) : undefined;
  if (session) {
    const version = typeof result?.protocolVersion === 'string' ? result.protocolVersion : LATEST_LEGACY_VERSION;
    const d = await probeExchange(run, {
      stepId: 'probe: end foreign-Origin session',
      name: 'DELETE session (opened by the Origin probe)',
      era,
      method: 'DELETE',
      headers: { 'mcp-protocol-version': version, 'mcp-session-id': session },
    });
    if (d) mark(d, 'info', `HTTP ${d.status ?? '—'}`);
  }
}
