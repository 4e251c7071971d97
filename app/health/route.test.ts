import { describe, expect, it } from 'vitest';
import { HealthResponse } from '@/lib/api';
import { GET } from './route';

describe('GET /health', () => {
  it('answers healthy, uncached', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = HealthResponse.parse(await res.json());
    expect(body.status).toBe('healthy');
    expect(Math.abs(Date.parse(body.timestamp) - Date.now())).toBeLessThan(5_000);
  });
});
