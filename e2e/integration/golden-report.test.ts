/**
 * The report a check produces on every test peer, byte for byte, against a recorded copy
 * (e2e/integration/golden/<name>.json). Refactors of the engine must leave these unchanged: a
 * report is a claim about someone else's server, so any difference is a behaviour change that has
 * to be made on purpose (then re-record with `npx vitest run --project integration
 * e2e/integration/golden-report.test.ts -u` and review the diff).
 *
 * What varies from run to run is normalised before comparing: timings, dates, ports, session ids
 * and other random tokens, and the header values that follow from them (Content-Length, Date).
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '@/lib/check';
import { Report } from '@/lib/report/schema';
import { PEER_KINDS, startPeer, type PeerKind } from '../peers';
import { FIXTURE_KINDS, startFixture, type FixtureKind } from '../fixtures';
import { startAuthStack, type AuthStackKind } from '../peers/auth';
import { startAuthFixture, type AuthFixtureKind } from '../fixtures/auth';
import { POISONED_TOOLS, startMisbehave, type MisbehaveOptions } from '../fixtures/misbehave';
import { testDeps } from './deps';

const NOW = new Date('2026-01-01T00:00:00.000Z');

/** Milliseconds, dates, ports, ids: everything that differs between two runs on the same peer. */
export function normalise(report: Report): string {
  const ports = new Map<string, string>();
  const tokens = new Map<string, string>();
  const token = (kind: string, v: string) => {
    if (!tokens.has(v)) tokens.set(v, `<${kind}${tokens.size + 1}>`);
    return tokens.get(v)!;
  };
  const text = (s: string): string =>
    s
      .replace(/(127\.0\.0\.1|localhost|\[::1\]|[a-z0-9-]+\.invalid):(\d+)/g, (_, host: string, port: string) => {
        if (!ports.has(port)) ports.set(port, `PORT${ports.size + 1}`);
        return `${host}:${ports.get(port)}`;
      })
      .replace(/%3A(\d{2,5})(?=%2F|&|$)/g, (_, port: string) => `%3A${ports.get(port) ?? 'PORT?'}`)
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (v) => token('uuid', v))
      .replace(/\b[0-9a-f]{24,}\b/gi, (v) => token('hex', v))
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<iso-date>')
      .replace(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT/g, '<http-date>')
      .replace(/\b\d+ ?ms\b/g, '<n>ms');
  const headerValue = (name: string, value: string): string => {
    const n = name.toLowerCase();
    if (n === 'content-length') return '<length>';
    if (n === 'mcp-session-id') return token('session', value);
    if (n === 'etag' || n === 'keep-alive') return '<varies>';
    return text(value);
  };
  const walk = (v: unknown, key: string): unknown => {
    // Which timing phases exist depends on whether a pooled connection was free: drop them all.
    if (key === 'timing') return '<timing>';
    if (typeof v === 'number') return /ms$/i.test(key) ? 0 : v;
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) {
      if (key === 'headers' && v.every((h) => Array.isArray(h) && h.length === 2)) {
        return v.map(([n, x]: [string, string]) => [n, headerValue(n, x)]);
      }
      return v.map((x) => walk(x, key));
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'id' && key === 'session' && typeof x === 'string' ? token('session', x) : walk(x, k)]));
    }
    return v;
  };
  // Findings from concurrent requests (e.g. the modern listings) arrive in whichever order the
  // answers do; compare them as a set.
  const byText = (a: { stepId?: string; id: string; message: string }, b: typeof a) =>
    `${a.stepId ?? ''} ${a.id} ${a.message}`.localeCompare(`${b.stepId ?? ''} ${b.id} ${b.message}`);
  // The conformance probes and the side probes (older-client initialize and its DELETE, CORS) run
  // beside the check: their rows interleave with the core rows in whichever order the answers come.
  // Compare the rows as a set, by id (the order a person sees is tested in e2e/browser).
  // Parsed with the report schema first, so members come in the schema's order whatever order the
  // engine built them in (the engine skips that parse on its hot path; every reader does it).
  const parsed = Report.parse(report);
  const steps = [...parsed.steps].sort((a, b) => a.id.localeCompare(b.id) || a.name.localeCompare(b.name));
  const sorted = { ...parsed, steps, findings: [...parsed.findings].sort(byText) };
  return `${JSON.stringify(walk(sorted, ''), null, 2)}\n`;
}

const check = (url: string) => runCheck({ url }, testDeps({ now: () => NOW, stepTimeoutMs: 5_000, checkTimeoutMs: 20_000 }));
const golden = (name: string) => `./golden/${name}.json`;

describe('golden reports: real peers', () => {
  it.each(PEER_KINDS.map((k) => [k]))('%s', async (kind: PeerKind) => {
    const peer = await startPeer(kind);
    try {
      await expect(normalise(await check(peer.url))).toMatchFileSnapshot(golden(`peer-${kind}`));
    } finally {
      await peer.stop();
    }
  });
});

describe('golden reports: fixtures', () => {
  // 'hang' is left out: what a hanging server's report shows depends on which timer fires first.
  it.each(FIXTURE_KINDS.filter((k) => k !== 'hang').map((k) => [k]))('%s', async (kind: FixtureKind) => {
    const fixture = await startFixture(kind);
    try {
      await expect(normalise(await check(fixture.url))).toMatchFileSnapshot(golden(`fixture-${kind}`));
    } finally {
      await fixture.stop();
    }
  });

  const misbehaving: Array<[string, MisbehaveOptions]> = [
    ['legacy-plain', {}],
    ['modern-plain', { era: 'modern' }],
    ['legacy-sse-stateless', { sse: true, sessionId: null, protocolVersion: '2025-06-18' }],
    ['legacy-deviations', { initializedStatus: 200, pingError: -32601, deleteStatus: 500, getStatus: 400, batchResponse: ['tools/list'] }],
    ['poisoned-tools', { tools: POISONED_TOOLS }],
    ['modern-deviations', { era: 'modern', sse: true, modern: { omitResultType: true, sessionId: 'minted-by-server', initializeError: { code: -32600, message: 'no initialize here' } } }],
  ];
  it.each(misbehaving)('misbehave %s', async (name, options) => {
    const fixture = await startMisbehave(options);
    try {
      await expect(normalise(await check(fixture.url))).toMatchFileSnapshot(golden(`misbehave-${name}`));
    } finally {
      await fixture.stop();
    }
  });
});

describe('golden reports: authorization', () => {
  it.each((['sdk', 'oidc'] as AuthStackKind[]).map((k) => [k]))('auth stack %s', async (kind: AuthStackKind) => {
    const stack = await startAuthStack(kind);
    try {
      await expect(normalise(await check(stack.mcpUrl))).toMatchFileSnapshot(golden(`auth-${kind}`));
    } finally {
      await stack.stop();
    }
  });

  it.each((['root-only', 'tenant', 'no-challenge', 'resource-mismatch'] as AuthFixtureKind[]).map((k) => [k]))('auth fixture %s', async (kind: AuthFixtureKind) => {
    const fixture = await startAuthFixture(kind);
    try {
      await expect(normalise(await check(fixture.url))).toMatchFileSnapshot(golden(`auth-fixture-${kind}`));
    } finally {
      await fixture.stop();
    }
  });
});
