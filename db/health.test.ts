// The /health database probe against real libSQL clients: an embedded file that works, and a
// remote URL where nothing listens (the database made unreachable).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHealth } from '@/lib/app-health';
import { pingDatabase } from './health';
import { freePort } from '@/e2e/free-port';


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
