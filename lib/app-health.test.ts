import { describe, expect, it } from 'vitest';
import { HealthResponse } from './api';
import { appHealth } from './app-health';

const now = () => new Date('2026-01-02T03:04:05.000Z');

describe('appHealth', () => {
  it('200 healthy with an ISO 8601 timestamp when the database answers', async () => {
    const r = await appHealth({ checkDatabase: async () => ({ ok: true }), now });
    expect(r).toEqual({ status: 200, body: { status: 'healthy', timestamp: '2026-01-02T03:04:05.000Z' } });
    expect(HealthResponse.parse(r.body)).toEqual(r.body);
  });

  it('503 unhealthy with the reason when the database refuses', async () => {
    const r = await appHealth({ checkDatabase: async () => ({ ok: false, reason: 'connection refused' }), now });
    expect(r).toEqual({ status: 503, body: { status: 'unhealthy', timestamp: '2026-01-02T03:04:05.000Z', reason: 'database: connection refused' } });
    expect(HealthResponse.parse(r.body)).toEqual(r.body);
  });

  it('503 when the probe throws', async () => {
    const r = await appHealth({ checkDatabase: () => Promise.reject(new Error('boom')), now });
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ reason: 'database: boom' });
  });

  it('503 in time when the database hangs', async () => {
    const t0 = Date.now();
    const r = await appHealth({ checkDatabase: () => new Promise(() => undefined), timeoutMs: 50 });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(r.body).toMatchObject({ status: 'unhealthy', reason: 'database: no answer within 50 ms' });
  });
});
