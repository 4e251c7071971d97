// Live steps (issue 17): the engine tells its door about each step and the verdict while the check
// runs, the verdict before the session's DELETE, and a cancelled check stops talking at once; POST
// /api/check with Accept: text/event-stream streams it through the same guard as the JSON answer.
// The stream is tested with checks in this thread and in the app's check workers (lib/pool).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckCancelled, runCheck, type KnownVerdict } from '@/lib/check';
import { CheckApiResponse, ApiError } from '@/lib/api';
import { checkHandler } from '@/app/api/check/handler';
import { guardConfig } from '@/lib/guard/config';
import { createGuard } from '@/lib/guard/guard';
import { MemoryRateLimitStore } from '@/lib/ratelimit';
import { createCheckPool, type CheckRunner } from '@/lib/pool/pool';
import type { Step } from '@/lib/report/schema';
import { startDelayServer, type DelayServer } from '../bench/delay-fixtures';
import { startPeer, type Peer } from '../peers';
import { startFixture, type Fixture } from '../fixtures';
import { testDeps } from './deps';
import { repoRoot } from './run-bin';

const D = 150;
let legacy: DelayServer;
let peer: Peer;
let hang: Fixture;
let echo: Fixture;

beforeAll(async () => {
  [legacy, peer, hang, echo] = await Promise.all([startDelayServer({ kind: 'legacy', delayMs: D }), startPeer('sdk1-sse'), startFixture('hang'), startFixture('echo-forms')]);
}, 60_000);
afterAll(async () => {
  await Promise.all([legacy?.stop(), peer?.stop(), hang?.stop(), echo?.stop()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const total = (s: DelayServer) => [...s.counts.values()].reduce((a, b) => a + b, 0);

describe('the engine, live', () => {
  it('sends each step once, the verdict before the session DELETE ends, and the same verdict as the report', async () => {
    const heard: Array<{ step: Step } | { verdict: KnownVerdict }> = [];
    const report = await runCheck({ url: legacy.url }, testDeps({ onStep: (step) => heard.push({ step }), onVerdict: (verdict) => heard.push({ verdict }) }));
    const at = heard.findIndex((h) => 'verdict' in h);
    const verdict = heard[at] as { verdict: KnownVerdict };
    expect(verdict.verdict).toMatchObject({ verdict: report.verdict, era: 'legacy', toolCount: report.tools.length });
    expect(report.verdict).toBe('healthy');
    const stepIds = heard.flatMap((h) => ('step' in h ? [h.step.id] : []));
    expect(stepIds.sort()).toEqual(report.steps.map((s) => s.id).sort());
    // The rows that decided it came first; the DELETE's row came after it, and the report has it.
    const before = heard.slice(0, at).flatMap((h) => ('step' in h ? [h.step.id] : []));
    expect(before).toEqual(expect.arrayContaining(['initialize', 'notifications/initialized', 'tools/list']));
    expect(before).not.toContain('delete');
    const del = report.steps.find((s) => s.id === 'delete');
    expect(del?.notes).toBe('session ended');
    expect(verdict.verdict.afterMs).toBeLessThan(del!.startMs + del!.latencyMs);
    // Its floor on a legacy server is three round trips (initialize, initialized, tools/list): it
    // waits for the tool listing and for nothing after it (the timing is the bench's, npm run bench).
    const tools = report.steps.find((s) => s.id === 'tools/list')!;
    expect(verdict.verdict.afterMs).toBeGreaterThanOrEqual(Math.floor(tools.startMs + tools.latencyMs));
    // A step sent live is what the report shows (labelled before it was sent).
    const live = heard.find((h) => 'step' in h && h.step.id === 'server/discover') as { step: Step } | undefined;
    expect(live?.step.status).toBe(report.steps.find((s) => s.id === 'server/discover')?.status);
  });

  it('a cancelled check stops sending, sends no DELETE, and ends with CheckCancelled, not a report', async () => {
    const cancel = new AbortController();
    const before = total(legacy);
    const deletes = legacy.counts.get('DELETE') ?? 0;
    const run = runCheck({ url: legacy.url }, testDeps({ signal: cancel.signal, onStep: (s) => s.id === 'initialize' && cancel.abort(), onVerdict: () => expect.fail('no verdict for a cancelled check') }));
    await expect(run).rejects.toBeInstanceOf(CheckCancelled);
    const sent = total(legacy);
    expect(sent - before).toBeLessThan(8); // the era probes and at most the next round
    await sleep(3 * D);
    expect(total(legacy)).toBe(sent);
    expect(legacy.counts.get('DELETE') ?? 0).toBe(deletes);
  });
});

// The app's check workers (lib/pool), as app/check-pool.ts starts them.
const pool = createCheckPool({ entry: path.join(repoRoot, 'bin', 'check-worker.mjs'), size: 2 });
afterAll(() => pool.close());

// The app's real guard, opened to 127.0.0.1 as the operator opt-in does; its checks run in this
// thread, or in the check workers as in the app.
let run: CheckRunner | undefined;
const route = (env: Record<string, string> = { ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT: 'off' }) => {
  const guard = createGuard(guardConfig(env), { store: new MemoryRateLimitStore(), ...(run ? { run } : {}) });
  return checkHandler({ guard: () => guard, share: async () => ({ ok: true, path: '/r/AAAAAAAAAAAAAAAAAAAAA' }) });
};

const streamRequest = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers } });

interface Heard {
  event: string;
  data: unknown;
}

/** Read an event stream as it comes; `until` may stop early (the reader is then cancelled). */
async function readEvents(res: Response, until?: (e: Heard) => boolean): Promise<{ events: Heard[]; raw: string }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  let buffer = '';
  const events: Heard[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    raw += text;
    buffer += text;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown;
      events.push({ event, data });
      if (until?.({ event, data })) {
        await reader.cancel();
        return { events, raw };
      }
    }
  }
  return { events, raw };
}

describe.each([
  ['in this thread', undefined],
  ['in the check workers', pool.run],
])('POST /api/check, Accept: text/event-stream, checks %s', (_, runner) => {
  beforeAll(async () => {
    run = runner;
    if (runner) await pool.warm();
  }, 60_000);

  it('streams the steps of a real server as they finish, then the verdict, then the report', async () => {
    const res = await route()(streamRequest({ url: peer.url }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { events } = await readEvents(res);
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('step');
    expect(kinds.indexOf('verdict')).toBeGreaterThan(0);
    expect(kinds.at(-1)).toBe('report');
    expect(kinds.filter((k) => k === 'verdict')).toHaveLength(1);
    const body = CheckApiResponse.parse(events.at(-1)!.data);
    expect(body.report.verdict).toBe('healthy');
    expect(body.signature).toMatch(/^v1\./);
    expect((events.find((e) => e.event === 'verdict')!.data as KnownVerdict).verdict).toBe('healthy');
    const streamed = events.filter((e) => e.event === 'step').map((e) => (e.data as Step).id);
    expect(streamed.sort()).toEqual(body.report.steps.map((s) => s.id).sort());
  });

  it('a typed header never appears in the stream, although the server echoes it', async () => {
    const secret = 'live-s3cret-9f2c47d1';
    const res = await route()(streamRequest({ url: echo.url, headers: { 'X-Api-Key': secret, Authorization: `Bearer ${secret}` } }));
    const { events, raw } = await readEvents(res);
    expect(echo.requests.some((r) => r.headers['x-api-key'] === secret)).toBe(true);
    expect(events.at(-1)!.event).toBe('report');
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(encodeURIComponent(secret));
  });

  it('a client that goes away ends the requests in flight and sends nothing more', async () => {
    const res = await route()(streamRequest({ url: hang.url }));
    expect(res.status).toBe(200);
    // The era probes are out and hanging.
    await expect.poll(() => hang.inFlight(), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    // The check runs where the door says: in a worker thread, or here.
    expect(pool.inFlight()).toBe(runner ? 1 : 0);
    const sent = hang.requests.length;
    await res.body!.cancel();
    await expect.poll(() => hang.inFlight(), { timeout: 2_000 }).toBe(0);
    await expect.poll(() => pool.inFlight(), { timeout: 2_000 }).toBe(0);
    await sleep(500);
    expect(hang.requests.length).toBe(sent);
  });

  it('cancelled after the first step on a slow server: no more requests, no DELETE', async () => {
    const deletes = legacy.counts.get('DELETE') ?? 0;
    const res = await route()(streamRequest({ url: legacy.url }));
    const { events } = await readEvents(res, (e) => e.event === 'step');
    expect(events).toHaveLength(1);
    // The reader has cancelled the stream. A request the engine sent in the same tick as that
    // first step left before the cancel and cannot be recalled; through a check worker it can reach
    // the server a moment after the step reached the door. Count once those have landed (loopback:
    // milliseconds), then wait three round trips: an engine that ignored the cancel would send its
    // next requests when the answers came back, D later, and the DELETE at the end.
    await sleep(200);
    const sent = total(legacy);
    await sleep(3 * D);
    expect(total(legacy)).toBeLessThanOrEqual(sent);
    expect(legacy.counts.get('DELETE') ?? 0).toBe(deletes);
  });

  it('goes through the guard: refusals are the JSON answers, before any stream or request', async () => {
    // Address policy (the default closes loopback).
    const closed = await route({ RATE_LIMIT: 'off' })(streamRequest({ url: hang.url }));
    expect(closed.status).toBe(422);
    expect(ApiError.parse(await closed.json()).field).toBe('url');
    // A browser on another site.
    const cross = await route()(streamRequest({ url: hang.url }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }));
    expect(cross.status).toBe(403);
    expect(cross.headers.get('content-type')).toMatch(/json/);
    // The rate limit counts streamed checks like any other.
    const limited = route({ ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT_CHECKS: '1/min' });
    const first = await limited(streamRequest({ url: peer.url }, { 'x-forwarded-for': '198.51.100.7' }));
    expect(first.status).toBe(200);
    await readEvents(first);
    const second = await limited(streamRequest({ url: peer.url }, { 'x-forwarded-for': '198.51.100.7' }));
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    const seen = hang.requests.length;
    await sleep(100);
    expect(hang.requests.length).toBe(seen);
  });
});
