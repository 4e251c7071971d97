// The /health database probe against real libSQL clients: an embedded file that works, and a
// remote URL where nothing listens (the database made unreachable).
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHealth } from '@/lib/app-health';
import { pingDatabase } from './health';
import { freePort } from '@/e2e/free-port';
import { databaseConfig, DB_FILE, openDatabase, type Database } from './client';
import { saveReport } from './store';
import { sampleReport } from '@/e2e/support/sample-report';


describe('pingDatabase', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-health-db-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('healthy on a working embedded database', async () => {
    const client = createClient({ url: `file:${join(dir, 'ok.db')}` });
    try {
      const r = await appHealth({ checkDatabase: () => pingDatabase(async () => client) });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('healthy');
    } finally {
      client.close();
    }
  });

  it('unhealthy, with the reason, when the database server cannot be reached', async () => {
    const client = createClient({ url: `http://127.0.0.1:${await freePort()}` });
    try {
      const r = await appHealth({ checkDatabase: () => pingDatabase(async () => client) });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: 'unhealthy', reason: expect.stringMatching(/^database: .+/) });
    } finally {
      client.close();
    }
  });

  it('unhealthy when the database file cannot be opened', async () => {
    // The embedded client opens the file as it is created, so the failure comes from `open`.
    const r = await pingDatabase(async () => createClient({ url: `file:${join(dir, 'missing-dir', 'x.db')}` }));
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('Unable to open') });
  });

  it('unhealthy when opening the database fails', async () => {
    expect(await pingDatabase(() => Promise.reject(new Error('migrations failed')))).toEqual({ ok: false, reason: 'migrations failed' });
  });
});

describe('the database can vanish or fill up', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-health-vanish-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const probe = (d: Database) => appHealth({ checkDatabase: () => pingDatabase(async () => ({ execute: d.client.execute.bind(d.client), ...(d.file ? { file: d.file } : {}) })) });

  it('503 once the file is deleted while the app runs, and Share refuses instead of writing into the unlinked file', async () => {
    const d = await openDatabase(databaseConfig({ DATA_DIR: join(dir, 'deleted') }));
    try {
      expect((await probe(d)).status).toBe(200);
      await rm(join(dir, 'deleted', DB_FILE));
      const r = await probe(d);
      expect(r.status).toBe(503);
      expect(JSON.stringify(r.body)).toMatch(/database file .* was deleted while the app runs/);
      const saved = await saveReport(sampleReport(), { database: async () => d });
      expect(saved).toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringMatching(/^Sharing is unavailable: the database file .* was deleted/) });
    } finally {
      d.close();
    }
  });

  it('503 when the file was replaced by another one', async () => {
    const d = await openDatabase(databaseConfig({ DATA_DIR: join(dir, 'replaced') }));
    try {
      const file = join(dir, 'replaced', DB_FILE);
      await rename(file, `${file}.old`);
      await copyFile(`${file}.old`, file);
      const r = await probe(d);
      expect(r.status).toBe(503);
      expect(JSON.stringify(r.body)).toMatch(/was replaced while the app runs/);
    } finally {
      d.close();
    }
  });

  it('503 when a write fails for lack of space (SQLite at its page limit stands in for a full disk), and Share says the disk is full', async () => {
    const d = await openDatabase(databaseConfig({ DATA_DIR: join(dir, 'full') }));
    try {
      // No more pages than the file has now; then Share until the free space inside them is used up.
      const pages = Number((await d.client.execute('PRAGMA page_count')).rows[0]![0]);
      await d.client.execute(`PRAGMA max_page_count = ${pages}`);
      let saved = await saveReport(sampleReport(), { database: async () => d });
      for (let i = 0; i < 100 && saved.ok; i++) saved = await saveReport(sampleReport(), { database: async () => d });
      const r = await probe(d);
      expect(r.status).toBe(503);
      expect(JSON.stringify(r.body)).toMatch(/full/i);
      expect(saved).toMatchObject({ ok: false, message: 'Sharing is unavailable: the disk holding the report database is full. Your check result is not affected.' });
    } finally {
      d.close();
    }
  });
});
