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
