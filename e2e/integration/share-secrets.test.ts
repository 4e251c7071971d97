// Share, end to end without the web server: a real check against the echo-headers fixture (which
// repeats the request headers into a tool description and an x-echo-authorization header), signed,
// verified, sanitized and stored in a real embedded database file.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from '../fixtures';
import { runCheck } from '@/lib/check';
import { engineDeps } from '@/lib/deps';
import { signReport, verifyReport } from '@/lib/report/sign';
import { databaseConfig, openDatabase, type Database } from '@/db/client';
import { getReport, saveReport } from '@/db/store';
import { recoverableBytes } from '@/e2e/support/db-files';
import { startFlowFixture } from '../fixtures/auth';
import { completeFlow } from '@/lib/signin/callback';
import { MemoryFlowStore } from '@/lib/signin/flows';
import { startFlow } from '@/lib/signin/start';
import { mergeTrail } from '@/lib/signin/trail-sign';

// The fixture is on 127.0.0.1: the operator opt-in, whatever the runner's environment says.
const optIn = engineDeps({ env: {}, allowPrivate: true });

let fixture: Fixture;
let dir: string;
let database: Database;

beforeAll(async () => {
  fixture = await startFixture('echo-headers');
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcp-health-share-'));
  database = await openDatabase(databaseConfig({ DATA_DIR: dir }));
});

afterAll(async () => {
  database?.close();
  await fixture?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sharing a check that sent a secret', () => {
  it('stores nothing of the secret: not in the database files, not in what is read back', async () => {
    const secret = randomBytes(24).toString('base64url');
    const cookie = randomBytes(12).toString('hex');
    // Without the conformance probes: their extra rows make the gzipped report span several database
    // pages, which the byte scan below cannot reassemble (the secret checks above it still apply).
    const report = await runCheck({ url: `${fixture.url}?api_key=${secret}x`, headers: { Authorization: `Bearer ${secret}`, Cookie: `sid=${cookie}` }, probes: false }, optIn);
    expect(report.verdict).toBe('healthy');
    // The fixture really did see (and echo) the token.
    expect(fixture.requests.some((r) => r.headers.authorization === `Bearer ${secret}`)).toBe(true);

    const verified = verifyReport(JSON.parse(JSON.stringify(report)), signReport(report));
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const saved = await saveReport(verified.report, { database: async () => database });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;

    const read = await getReport(saved.id, { database: async () => database });
    expect(read.status).toBe('found');
    const text = JSON.stringify(read);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(cookie);
    if (read.status === 'found') {
      expect(read.report.url).toBe(fixture.url);
      expect(read.report.sanitized?.queryRemoved).toBe(true);
      expect(read.report.steps.flatMap((s) => s.request?.headers ?? []).some(([k]) => /authorization|cookie/i.test(k))).toBe(false);
      expect(read.report.tools.map((t) => t.name)).toContain('echo_headers');
    }

    // The report is stored gzipped: look inside it too, and make sure that look sees the report.
    const files = await recoverableBytes(dir);
    expect(files.some(({ bytes }) => bytes.includes('echo_headers'))).toBe(true);
    for (const { file, bytes } of files) {
      expect(bytes.includes(secret), file).toBe(false);
      expect(bytes.includes(cookie), file).toBe(false);
    }
  });

  it('refuses to share an edited copy of a real report', async () => {
    const report = await runCheck({ url: fixture.url }, optIn);
    const signature = signReport(report);
    const edited = JSON.parse(JSON.stringify(report));
    edited.tools[0].description = 'Totally safe, trust me';
    expect(verifyReport(edited, signature)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});

describe('sharing the report of a completed sign-in', () => {
  it('holds no code, token, refresh token, client secret, registration token, state or verifier: not in what is read back, not in the stored gzip', async () => {
    // An AS that makes the client confidential anyway (a client_secret and a registration_access_token
    // in the DCR answer, Basic auth at the token endpoint) and issues a refresh token.
    const as = await startFlowFixture({ register: 'accept', clientSecret: true, refreshToken: true });
    const previous = process.env.ALLOW_PRIVATE_NETWORKS;
    // The token flow's own requests follow the app's address policy from the environment; the fixture is on 127.0.0.1.
    process.env.ALLOW_PRIVATE_NETWORKS = 'true';
    try {
      const flows = new MemoryFlowStore();
      const started = await startFlow({ mcpUrl: as.url, origin: 'http://127.0.0.1:3210', client: '203.0.113.10' }, { check: optIn, flows });
      if (started.kind !== 'redirect') throw new Error(JSON.stringify(started));
      const authz = new URL(started.authorizationUrl);
      const back = new URL((await fetch(authz, { redirect: 'manual' })).headers.get('location')!);
      const done = await completeFlow(Object.fromEntries(back.searchParams), started.binding, { flows });
      if (done.kind !== 'token') throw new Error(JSON.stringify(done));
      // What the secrets were, as the wire carried them.
      const registration = done.trail!.trail.steps.find((st) => st.id === 'auth/r1/registration')!;
      expect(JSON.parse(registration.response!.body)).toMatchObject({ client_secret: '••••••', registration_access_token: '••••••' });
      const basic = as.tokenRequests.at(-1)!.authorization!;
      const [, clientSecret] = Buffer.from(basic.slice('Basic '.length), 'base64').toString().split(':').map(decodeURIComponent);
      const secrets = {
        code: back.searchParams.get('code')!,
        state: authz.searchParams.get('state')!,
        accessToken: done.token.access_token,
        clientSecret: clientSecret!,
        basic: basic.slice('Basic '.length),
        verifier: as.tokenRequests.at(-1)!.form.code_verifier!,
      };
      for (const v of Object.values(secrets)) expect(v.length).toBeGreaterThan(10);

      const checked = await runCheck({ url: as.url, headers: { Authorization: `Bearer ${secrets.accessToken}` }, probes: false }, optIn);
      const report = mergeTrail(checked, done.trail!.trail);
      expect(report.steps.map((st) => st.id)).toEqual(expect.arrayContaining(['auth/r1/registration', 'auth/r1/authorize', 'auth/r1/callback', 'auth/r1/token']));
      const verified = verifyReport(JSON.parse(JSON.stringify(report)), signReport(report));
      if (!verified.ok) throw new Error(verified.reason);
      const saved = await saveReport(verified.report, { database: async () => database });
      if (!saved.ok) throw new Error('not saved');
      const read = await getReport(saved.id, { database: async () => database });
      expect(read.status).toBe('found');
      const text = JSON.stringify(read);
      expect(text).toContain('auth/r1/token');
      for (const [name, v] of Object.entries(secrets)) expect(text.includes(v), name).toBe(false);
      // The refresh token and registration token never reached this side at all (masked in the rows):
      expect(text).not.toMatch(/"(rt|rat)-[a-z0-9]{10,}/);
      const files = await recoverableBytes(dir);
      expect(files.some(({ bytes }) => bytes.includes('auth/r1/token'))).toBe(true);
      for (const { file, bytes } of files) {
        for (const [name, v] of Object.entries(secrets)) expect(bytes.includes(v), `${name} in ${file}`).toBe(false);
        expect(/(rt|rat)-[a-z0-9]{10,}/.test(bytes.toString('latin1')), file).toBe(false);
      }
    } finally {
      if (previous === undefined) delete process.env.ALLOW_PRIVATE_NETWORKS;
      else process.env.ALLOW_PRIVATE_NETWORKS = previous;
      await as.stop();
    }
  });
});
