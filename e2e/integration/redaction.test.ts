// A value a person types is a secret to hide, never a word to rewrite: the check interprets the raw
// answers and only the recorded copies of what came back are masked. Against a real check of the
// echo-forms fixture (which echoes X-Api-Key and the URL in every spelling servers use), through
// the engine, POST /api/check, the CLI and the share store (database row decompressed).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from '../fixtures';
import { runCheck } from '@/lib/check';
import { checkHandler } from '@/app/api/check/handler';
import { guardConfig } from '@/lib/guard/config';
import { createGuard } from '@/lib/guard/guard';
import { MemoryRateLimitStore } from '@/lib/ratelimit';
import { verifyReport } from '@/lib/report/sign';
import { Report } from '@/lib/report/schema';
import { databaseConfig, openDatabase, type Database } from '@/db/client';
import { getReport, saveReport } from '@/db/store';
import { recoverableBytes } from '@/e2e/support/db-files';
import { testDeps } from './deps';
import { runBin } from './run-bin';

const WORDS = ['healthy', 'legacy', 'application/json', 'BLOCKED', '2025-11-25', 'true', 'tools'];

let fixture: Fixture;
let baseline: Report;

beforeAll(async () => {
  fixture = await startFixture('echo-forms');
  baseline = await runCheck({ url: fixture.url }, testDeps());
});
afterAll(async () => {
  await fixture?.stop();
});

// The app's real guard, opened to 127.0.0.1 as the operator opt-in does, without rate limits.
const guard = () => createGuard(guardConfig({ ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT: 'off' }), { store: new MemoryRateLimitStore() });

// Probes run beside the check, so rows that start together may come in either order: compare as sets.
const shape = (r: Report) => ({
  verdict: r.verdict,
  era: r.era,
  protocolVersion: r.protocolVersion,
  steps: r.steps.map((s) => [s.id, s.status, s.error?.code ?? null]).sort(),
  findings: r.findings.map((f) => [f.id, f.severity]).sort(),
});

const cli = (args: string[]) => runBin('mcp-health.mjs', args);

describe('typing a report word as a header value', () => {
  it('the baseline is a healthy legacy server', () => {
    expect(baseline.verdict).toBe('healthy');
    expect(baseline.era).toBe('legacy');
  });

  it.each(WORDS)('%s: the engine reports the same verdict, era and statuses', async (word) => {
    const report = await runCheck({ url: fixture.url, headers: { 'X-Api-Key': word, 'X-Note': word } }, testDeps());
    expect(shape(report)).toEqual(shape(baseline));
    // The server did see the word, and echoed it.
    expect(fixture.requests.some((r) => r.headers['x-api-key'] === word)).toBe(true);
  });

  it.each(WORDS)('%s: POST /api/check answers 200 with the same verdict', async (word) => {
    const handler = checkHandler({ guard, share: async () => ({ ok: true, path: '/r/AAAAAAAAAAAAAAAAAAAAA' }) });
    const res = await handler(
      new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url: fixture.url, headers: { 'X-Api-Key': word } }), headers: { 'content-type': 'application/json' } }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { report: Report };
    expect(shape(Report.parse(body.report))).toEqual(shape(baseline));
  });

  it('the CLI exits as without the header, for every word', async () => {
    const runs = await Promise.all(WORDS.map((w) => cli(['check', fixture.url, '--json', '-H', `X-Api-Key: ${w}`])));
    for (const [i, run] of runs.entries()) {
      expect(run.code, `${WORDS[i]}: ${run.stderr}`).toBe(0);
      expect(shape(Report.parse(JSON.parse(run.stdout)))).toEqual(shape(baseline));
    }
  }, 120_000);
});

describe('an echoed secret, in every spelling', () => {
  const secret = 'k3y/Ab+cd=é 42-Zq';
  const querySecret = 'qv/Z9+x yW';
  const spellings = (v: string) => [
    v,
    [...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    JSON.stringify(v).slice(1, -1).replace(/\//g, '\\/'),
    encodeURIComponent(v),
    Buffer.from(v).toString('base64'),
    v.toUpperCase(),
  ];
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-health-redact-'));
    database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
  });
  afterAll(async () => {
    database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('never reaches the API JSON, the shared copy or the database row, and the verdict stands', async () => {
    const url = `${fixture.url}?mode=${encodeURIComponent(querySecret)}`;
    const handler = checkHandler({
      guard,
      share: async (checked) => {
        const verified = verifyReport(JSON.parse(JSON.stringify(checked.report)), checked.signature);
        if (!verified.ok) return { ok: false, status: 503, error: verified.reason };
        const saved = await saveReport(verified.report, { database: async () => database });
        return saved.ok ? { ok: true, path: `/r/${saved.id}` } : { ok: false, status: 503, error: 'store' };
      },
    });
    const res = await handler(
      new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url, headers: { 'X-Api-Key': secret }, share: true }), headers: { 'content-type': 'application/json' } }),
    );
    expect(res.status).toBe(200);
    const apiText = await res.text();
    const body = JSON.parse(apiText) as { report: Report; shareUrl: string };
    expect(body.report.verdict).toBe('healthy');
    // The fixture echoed every spelling of the header value (its tool list says so).
    const echoed = fixture.requests.find((r) => r.headers['x-api-key'] === secret);
    expect(echoed).toBeDefined();
    const description = body.report.tools.find((t) => t.name === 'echo_forms')?.description ?? '';
    expect(description.split(' | ').length).toBeGreaterThanOrEqual(12);
    for (const s of spellings(secret)) expect(apiText, `API JSON: ${s}`).not.toContain(JSON.stringify(s).slice(1, -1));
    for (const s of spellings(secret)) expect(description, `API tool description: ${s}`).not.toContain(s);
    expect(body.report.steps.flatMap((s) => s.response?.headers ?? []).filter(([k]) => k.startsWith('x-echo-')).map(([, v]) => v)).not.toContain(Buffer.from(secret).toString('base64'));

    // The shared copy: what /r/{id} and GET /api/reports/{id} render, and the stored bytes.
    const id = body.shareUrl.split('/').pop()!;
    const read = await getReport(id, { database: async () => database });
    expect(read.status).toBe('found');
    if (read.status !== 'found') return;
    expect(read.report.verdict).toBe('healthy');
    expect(read.report.steps.map((s) => s.status)).toEqual(body.report.steps.map((s) => s.status));
    const shared = JSON.stringify(read.report);
    for (const s of [...spellings(secret), ...spellings(querySecret)]) expect(shared, `shared copy: ${s}`).not.toContain(JSON.stringify(s).slice(1, -1));
    const echoUrl = read.report.steps.flatMap((s) => s.response?.headers ?? []).find(([k]) => k === 'x-echo-url')?.[1];
    expect(echoUrl).toBeDefined();
    expect(echoUrl).not.toContain(encodeURIComponent(querySecret));
    const files = await recoverableBytes(dir);
    expect(files.some(({ bytes }) => bytes.includes('echo_forms'))).toBe(true);
    for (const { file, bytes } of files) {
      for (const s of [...spellings(secret), ...spellings(querySecret)]) expect(bytes.includes(JSON.stringify(s).slice(1, -1)), `${file}: ${s}`).toBe(false);
    }
  });
});
