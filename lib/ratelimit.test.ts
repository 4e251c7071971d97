import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, FallbackRateLimitStore, MemoryRateLimitStore, consume, limitsFromEnv, parseLimits, type RateLimitStore } from './ratelimit';

describe('rate limits', () => {
  it('allows 10 checks a minute per client, then refuses with Retry-After until the window ends', async () => {
    const store = new MemoryRateLimitStore();
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 15);
    for (let i = 0; i < 10; i++) expect(await consume(store, DEFAULT_LIMITS, 'check', '203.0.113.7', t0 + i)).toEqual({ ok: true });
    const refused = await consume(store, DEFAULT_LIMITS, 'check', '203.0.113.7', t0 + 20);
    expect(refused).toMatchObject({ ok: false, retryAfterS: 45 });
    if (!refused.ok) expect(refused.message).toBe('Too many checks from your address: at most 10 checks a minute. Try again in 45 s.');
    // Another client is not affected; the next minute is open again.
    expect(await consume(store, DEFAULT_LIMITS, 'check', '198.51.100.1', t0 + 20)).toEqual({ ok: true });
    expect(await consume(store, DEFAULT_LIMITS, 'check', '203.0.113.7', t0 + 60_000)).toEqual({ ok: true });
  });

  it('also limits per hour', async () => {
    const store = new MemoryRateLimitStore();
    const limits = { ...DEFAULT_LIMITS, check: [{ max: 100, windowMs: 60_000 }, { max: 3, windowMs: 3_600_000 }] };
    const t0 = Date.UTC(2026, 0, 1, 12, 30, 0);
    for (let i = 0; i < 3; i++) expect((await consume(store, limits, 'check', 'c', t0 + i * 61_000)).ok).toBe(true);
    const refused = await consume(store, limits, 'check', 'c', t0 + 4 * 61_000);
    expect(refused).toMatchObject({ ok: false });
    if (!refused.ok) expect(refused.message).toContain('an hour');
  });

  it('counts shares separately from checks', async () => {
    const store = new MemoryRateLimitStore();
    const t = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 5; i++) await consume(store, DEFAULT_LIMITS, 'share', 'c', t);
    expect((await consume(store, DEFAULT_LIMITS, 'share', 'c', t)).ok).toBe(false);
    expect((await consume(store, DEFAULT_LIMITS, 'check', 'c', t)).ok).toBe(true);
  });

  it('counts tool calls separately, with a lower default than checks', async () => {
    const store = new MemoryRateLimitStore();
    const t = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) expect((await consume(store, DEFAULT_LIMITS, 'call', 'c', t)).ok).toBe(true);
    const refused = await consume(store, DEFAULT_LIMITS, 'call', 'c', t);
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('at most 5 tool calls a minute') });
    expect((await consume(store, DEFAULT_LIMITS, 'check', 'c', t)).ok).toBe(true);
    expect(limitsFromEnv({ RATE_LIMIT_CALLS: '2/min' })?.call).toEqual([{ max: 2, windowMs: 60_000 }]);
  });

  it('falls back to counting in memory while the shared store fails or hangs', async () => {
    const broken: RateLimitStore = { hit: () => Promise.reject(new Error('database is locked')) };
    const hanging: RateLimitStore = { hit: () => new Promise<number>(() => {}) };
    const quiet = console.error;
    console.error = () => {};
    try {
      for (const primary of [broken, hanging]) {
        const store = new FallbackRateLimitStore(primary, new MemoryRateLimitStore(), 50);
        expect(await store.hit('k', 60_000, 0)).toBe(1);
        expect(await store.hit('k', 60_000, 1)).toBe(2);
      }
    } finally {
      console.error = quiet;
    }
  });

  it('reads the environment', () => {
    expect(limitsFromEnv({ RATE_LIMIT: 'off' })).toBeUndefined();
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromEnv({ RATE_LIMIT_CHECKS: '3/min, 20/h' })?.check).toEqual([{ max: 3, windowMs: 60_000 }, { max: 20, windowMs: 3_600_000 }]);
    expect(parseLimits('5/10s')).toEqual([{ max: 5, windowMs: 10_000 }]);
    expect(parseLimits('lots')).toBeUndefined();
  });
});
