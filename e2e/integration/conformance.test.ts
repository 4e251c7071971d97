// The conformance probes (lib/mcp/conformance) against real servers that get them right (the
// official SDKs validate Origin/Host and, in v2, every 2026-07-28 request), and against the
// fixture for answers no real server gives on demand (e2e/integration/findings.test.ts fires each
// failing answer's finding).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '@/lib/check';
import { MAX_PROBE_REQUESTS } from '@/lib/mcp/conformance/probe';
import type { Report } from '@/lib/report/schema';
import { startPeer, type Peer } from '../peers';
import { startMisbehave, type MisbehaveOptions } from '../fixtures/misbehave';
import { REQUIREMENTS, type Requirement } from '@/lib/mcp/conformance/requirements';
import { testDeps } from './deps';

const deps = testDeps();
let sdk2: Peer;
let sdk1: Peer;
const reports: Record<string, Report> = {};

beforeAll(async () => {
  [sdk2, sdk1] = await Promise.all([startPeer('sdk2-modern'), startPeer('sdk1-sse')]);
  [reports.sdk2, reports.sdk1, reports.sdk2Off] = await Promise.all([runCheck({ url: sdk2.url }, deps), runCheck({ url: sdk1.url }, deps), runCheck({ url: sdk2.url, probes: false }, deps)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([sdk2?.stop(), sdk1?.stop()]);
});

const probeSteps = (r: Report) => r.steps.filter((s) => s.group === 'probe');
const status = (r: Report, id: string) => r.conformance?.requirements.find((q) => q.id === id)?.status;

describe('probes on real servers', () => {
  it('SDK v2 (modern only) refuses every malformed request as 2026-07-28 requires', () => {
    const r = reports.sdk2!;
    const steps = probeSteps(r);
    expect(steps.map((s) => s.id)).toEqual(
      expect.arrayContaining(['probe: foreign Origin', 'probe: Mcp-Method header disagrees with the body', 'probe: unknown protocol version 1999-01-01', 'probe: ping, removed in 2026-07-28', 'probe: no _meta at all']),
    );
    // No _meta key at all, headers still right: 400 -32602 with the request's id.
    const bare = steps.find((s) => s.id === 'probe: no _meta at all');
    expect(JSON.parse(bare?.request?.body ?? '{}').params).toEqual({});
    expect(bare?.request?.headers).toEqual(expect.arrayContaining([['mcp-method', 'server/discover'], ['mcp-protocol-version', '2026-07-28']]));
    expect(bare?.response?.status).toBe(400);
    expect(JSON.parse(bare?.response?.body ?? '{}')).toMatchObject({ id: expect.any(String), error: { code: -32602 } });
    for (const s of steps) expect(`${s.id}: ${s.status} ${s.notes}`).toMatch(/: ok /);
    expect(steps.find((s) => s.id === 'probe: foreign Origin')?.response?.status).toBe(403);
    for (const id of ['transport/origin-validated', 'modern/header-mismatch', 'modern/unsupported-version', 'modern/unknown-method', 'modern/removed-methods', 'modern/meta-required', 'modern/error-id']) {
      expect(`${id} ${status(r, id)}`).toBe(`${id} met`);
    }
    expect(r.conformance).toMatchObject({ revision: '2026-07-28', must: { failed: 0 } });
    expect(steps.length).toBeLessThanOrEqual(MAX_PROBE_REQUESTS);
    expect(r.verdict).toBe('healthy');
  });

  it('SDK v1 (sessions) answers the session probes as required and refuses a rebinding Host', () => {
    const r = reports.sdk1!;
    const by = (id: string) => probeSteps(r).find((s) => s.id === id);
    expect(by('probe: foreign Origin')?.response?.status).toBe(403);
    expect(by('probe: unknown session')?.response?.status).toBe(404);
    expect(by('probe: no session id')?.response?.status).toBe(400);
    expect(by('probe: ended session')?.response?.status).toBe(404);
    for (const id of ['transport/origin-validated', 'session/unknown-404', 'session/missing-400', 'session/terminated-404']) expect(`${id} ${status(r, id)}`).toBe(`${id} met`);
    // No priming event without an event store: a SHOULD it misses, reported as info only.
    expect(status(r, 'stream/priming-event')).toBe('failed');
    // It never closes a stream before the response: nothing to judge about retry, and no resumption.
    expect(status(r, 'stream/retry-before-close')).toBe('not-applicable');
    expect(r.steps.filter((s) => / resume( \d+)?$/.test(s.id))).toEqual([]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(probeSteps(r).length).toBeLessThanOrEqual(MAX_PROBE_REQUESTS);
  });

  it('probes: false sends none and leaves their requirements untested', () => {
    const r = reports.sdk2Off!;
    expect(probeSteps(r)).toEqual([]);
    expect(r.probes).toBe(false);
    expect(status(r, 'transport/origin-validated')).toBe('not-tested');
    expect(r.steps.length).toBe(reports.sdk2!.steps.length - probeSteps(reports.sdk2!).length);
  });
});

describe('a request without _meta on dual-era peers', () => {
  // A dual-era server may serve a request without modern _meta under a legacy revision
  // (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions):
  // that case is judged only when it gets the 2026-07-28 answer.
  it('SDK v2 (dual) answers 400 -32602 and meets it; tmcp answers 400 -32020, shown but not held against it', async () => {
    const [dual, tmcp] = await Promise.all([startPeer('sdk2-dual'), startPeer('tmcp')]);
    try {
      const [rd, rt] = await Promise.all([runCheck({ url: dual.url }, deps), runCheck({ url: tmcp.url }, deps)]);
      const bare = (r: Report) => probeSteps(r).find((s) => s.id === 'probe: no _meta at all');
      expect(rd.era).toBe('modern');
      expect(`${bare(rd)?.status} ${bare(rd)?.notes}`).toMatch(/^ok refused with HTTP 400 -32602/);
      expect(status(rd, 'modern/meta-required')).toBe('met');
      expect(rt.era).toBe('modern');
      expect(bare(rt)?.response?.status).toBe(400);
      expect(`${bare(rt)?.status} ${bare(rt)?.notes}`).toMatch(/^info HTTP 400 -32020; not judged/);
      expect(rt.findings.filter((f) => f.stepId === 'probe: no _meta at all')).toEqual([]);
    } finally {
      await Promise.all([dual.stop(), tmcp.stop()]);
    }
  });
});

describe('a stream the server closes before the response (SEP-1699 polling)', () => {
  const polling = { sse: true, priming: true, closeEarly: { methods: ['tools/list'], retry: 20 } };
  it('is resumed with GET and Last-Event-ID, as clients do, and the listing stands', async () => {
    const f = await startMisbehave(polling);
    try {
      const r = await runCheck({ url: f.url }, deps);
      expect(r.verdict).toBe('healthy');
      expect(r.tools.length).toBeGreaterThan(0);
      const post = r.steps.find((s) => s.id === 'tools/list')!;
      const resume = r.steps.find((s) => s.id === 'tools/list resume')!;
      expect(post.status).toBe('ok');
      // The stream set retry in a block without data: no frame shows it, the response does.
      expect(post.response?.sseRetry).toBe(20);
      const lastEventId = post.response?.sse?.[0]?.id;
      expect(lastEventId).toMatch(/^poll-/);
      expect(resume.request).toMatchObject({ method: 'GET' });
      expect(resume.request?.headers).toContainEqual(['last-event-id', lastEventId]);
      expect(resume.request?.headers).toContainEqual(['mcp-session-id', expect.any(String)]);
      // The client waits the retry time before it reconnects.
      expect(resume.startMs).toBeGreaterThanOrEqual(post.startMs + post.latencyMs + 20 - 1);
      expect(`${resume.status} ${resume.notes}`).toMatch(/^ok resumed from event/);
      expect(status(r, 'stream/retry-before-close')).toBe('met');
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    } finally {
      await f.stop();
    }
  });

  it('that cannot be resumed fails the listing with T6', async () => {
    const f = await startMisbehave({ ...polling, closeEarly: { ...polling.closeEarly, resume: false } });
    try {
      const r = await runCheck({ url: f.url }, deps);
      expect(r.steps.find((s) => s.id === 'tools/list')?.status).toBe('error');
      expect(r.steps.find((s) => s.id === 'tools/list resume')?.response?.status).toBe(404);
      expect(r.findings.map((x) => x.id)).toContain('T6');
      expect(r.verdict).not.toBe('healthy');
    } finally {
      await f.stop();
    }
  });
});

describe('probes on the fixture', () => {
  it('a compliant legacy fixture with a priming event and resumable streams meets every probed requirement', async () => {
    const f = await startMisbehave({ sse: true, priming: true });
    try {
      const r = await runCheck({ url: f.url }, deps);
      for (const id of ['transport/origin-validated', 'session/unknown-404', 'session/missing-400', 'session/terminated-404', 'stream/priming-event', 'stream/resume-get']) {
        expect(`${id} ${status(r, id)}`).toBe(`${id} met`);
      }
      expect(probeSteps(r).find((s) => s.id === 'probe: resume with Last-Event-ID')?.request?.headers).toContainEqual(['last-event-id', expect.stringMatching(/^prime-/)]);
    } finally {
      await f.stop();
    }
  });

  it('a server that accepts everything fails the requirements, not the verdict', async () => {
    const f = await startMisbehave({ era: 'modern', foreignOrigin: 'accept', modern: { noValidation: true } });
    try {
      const r = await runCheck({ url: f.url }, deps);
      expect(r.verdict).toBe('healthy');
      expect(status(r, 'transport/origin-validated')).toBe('failed');
      expect(status(r, 'modern/header-mismatch')).toBe('failed');
      expect(status(r, 'modern/meta-required')).toBe('failed');
      expect(r.conformance!.must.failed).toBeGreaterThanOrEqual(3);
    } finally {
      await f.stop();
    }
  });
});

/**
 * Every probed requirement, each with a fixture answer that fails it and one that passes it (the
 * passing side is also met on a real server above: SDK v2 for the 2026-07-28 probes, SDK v1 for the
 * session and Origin probes). A failing answer never changes the verdict.
 */
describe('each probe, failing and passing answer', () => {
  const modern = { era: 'modern' as const };
  const legacy = { sse: true, priming: true };
  const CASES: Array<{ id: string; fail: MisbehaveOptions; pass: MisbehaveOptions }> = [
    { id: 'transport/origin-validated', fail: { ...legacy, foreignOrigin: 'accept' }, pass: legacy },
    { id: 'session/unknown-404', fail: { ...legacy, sessionStatus: { unknown: 400 } }, pass: legacy },
    { id: 'session/missing-400', fail: { ...legacy, sessionStatus: { missing: 404 } }, pass: legacy },
    { id: 'session/terminated-404', fail: { ...legacy, sessionStatus: { keepAfterDelete: true } }, pass: legacy },
    { id: 'stream/priming-event', fail: { sse: true }, pass: legacy },
    { id: 'stream/resume-get', fail: { ...legacy, getStatus: 400 }, pass: legacy },
    { id: 'modern/header-mismatch', fail: { ...modern, modern: { noValidation: true } }, pass: modern },
    { id: 'modern/meta-required', fail: { ...modern, modern: { noValidation: true } }, pass: modern },
    { id: 'modern/meta-required', fail: { ...modern, modern: { metaAbsent: { code: -32020, message: 'Header mismatch' } } }, pass: modern },
    { id: 'stream/retry-before-close', fail: { ...legacy, closeEarly: { methods: ['tools/list'] } }, pass: { ...legacy, closeEarly: { methods: ['tools/list'], retry: 10 } } },
    { id: 'modern/unsupported-version', fail: { ...modern, modern: { initializeError: { code: -32022, message: 'Unsupported', data: { supported: ['2026-07-28'] } } } }, pass: modern },
    { id: 'modern/unknown-method', fail: { ...modern, messageFor: { 'mcphealth/no-such-method': (id) => ({ jsonrpc: '2.0', id, result: {} }) } }, pass: modern },
    { id: 'modern/removed-methods', fail: { ...modern, messageFor: { ping: (id) => ({ jsonrpc: '2.0', id, result: {} }) } }, pass: modern },
    { id: 'modern/error-id', fail: { ...modern, modern: { errorId: null } }, pass: modern },
  ];

  it('covers every requirement a probe judges', () => {
    const probed = (REQUIREMENTS as readonly Requirement[]).filter((q) => q.probe).map((q) => q.id);
    expect([...new Set(CASES.map((c) => c.id))].sort()).toEqual([...probed].sort());
  });

  it.each(CASES)('$id', async ({ id, fail, pass }) => {
    const [bad, good] = await Promise.all([startMisbehave(fail), startMisbehave(pass)]);
    try {
      const [rb, rg] = await Promise.all([runCheck({ url: bad.url }, deps), runCheck({ url: good.url }, deps)]);
      for (const [r, want] of [[rb, 'failed'], [rg, 'met']] as const) {
        const row = r.conformance?.requirements.find((q) => q.id === id);
        expect(`${id} ${row?.status}`).toBe(`${id} ${want}`);
        // The row names the step that shows it, and that step is in the report.
        expect(r.steps.map((s) => s.id)).toContain(row?.stepId);
        expect(r.verdict).toBe('healthy');
      }
    } finally {
      await Promise.all([bad.stop(), good.stop()]);
    }
  });
});
