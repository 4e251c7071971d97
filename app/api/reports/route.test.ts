// Share's abuse limit, driven without a server or a database: the limit is checked first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '@/lib/ratelimit';
import { setRateLimitStore } from '@/app/limits';
import { POST } from './route';

const saved = { ...process.env };
const post = (body: string) => POST(new Request('http://app.test/api/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));

beforeEach(() => {
  setRateLimitStore(new MemoryRateLimitStore());
  delete process.env.RATE_LIMIT;
});
afterEach(() => {
  process.env = { ...saved };
});

describe('POST /api/reports limits', () => {
  it('answers 429 with Retry-After past the share limit', async () => {
    process.env.RATE_LIMIT_SHARES = '2/min';
    expect((await post('{}')).status).toBe(403);
    expect((await post('{}')).status).toBe(403);
    const res = await post('{}');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Too many shared reports from your address: at most 2 shared reports a minute\./);
  });
  it('refuses a body over 8 MB without reading it all', async () => {
    const res = await POST(new Request('http://app.test/api/reports', { method: 'POST', headers: { 'content-length': String(9 * 1024 * 1024) }, body: 'x' }));
    expect(res.status).toBe(413);
  });
});
