import { describe, expect, it } from 'vitest';
import { createPageCache, NONCE_PLACEHOLDER, toParts, withNonce } from './page-cache';

const page = (html: string, expiresAt = Date.now() + 60_000) => ({ parts: toParts(html), expiresAt });
const text = (parts: Uint8Array[], nonce: string) => new TextDecoder().decode(withNonce(parts, nonce));

describe('a kept page gets each response its own nonce', () => {
  it('puts the nonce wherever the placeholder was, and nowhere else, in UTF-8', () => {
    const html = `<script nonce="${NONCE_PLACEHOLDER}">a</script><p>◉ Checked — ✓</p><link nonce="${NONCE_PLACEHOLDER}">`;
    expect(text(toParts(html), 'n0nce+/=')).toBe('<script nonce="n0nce+/=">a</script><p>◉ Checked — ✓</p><link nonce="n0nce+/=">');
    expect(text(toParts(html), 'other')).not.toContain(NONCE_PLACEHOLDER);
  });

  it('is random per process, letters and digits, not something a report could contain by chance', () => {
    expect(NONCE_PLACEHOLDER).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});

describe('createPageCache', () => {
  it('renders a page once for many readers at once', async () => {
    const cache = createPageCache({ max: 10, maxAgeMs: 60_000 });
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 20));
      return page(`<p nonce="${NONCE_PLACEHOLDER}">x</p>`);
    };
    const got = await Promise.all(Array.from({ length: 20 }, () => cache.getOrRender('a', render)));
    expect(renders).toBe(1);
    expect(got.every((p) => p === got[0])).toBe(true);
    await cache.getOrRender('a', render);
    expect(renders).toBe(1);
    expect(cache.peek('a')).toBe(got[0]);
  });

  it('keeps nothing a render did not give, and renders again next time', async () => {
    const cache = createPageCache({ max: 10, maxAgeMs: 60_000 });
    let renders = 0;
    expect(await cache.getOrRender('a', async () => (renders++, undefined))).toBeUndefined();
    expect(await cache.getOrRender('a', async () => { renders++; throw new Error('render failed'); })).toBeUndefined();
    expect(await cache.getOrRender('a', async () => (renders++, page('ok')))).toBeDefined();
    expect(renders).toBe(3);
    expect(cache.size).toBe(1);
  });

  it('never serves a page past its report\'s expiry, nor past the age limit', async () => {
    let now = 1_000_000;
    const cache = createPageCache({ max: 10, maxAgeMs: 10_000, now: () => now });
    await cache.getOrRender('short', async () => page('s', now + 5_000));
    await cache.getOrRender('long', async () => page('l', now + 3_600_000));
    now += 4_999;
    expect(cache.peek('short')).toBeDefined();
    now += 1;
    expect(cache.peek('short')).toBeUndefined();
    expect(cache.peek('long')).toBeDefined();
    now += 5_000;
    expect(cache.peek('long')).toBeUndefined();
    // Already expired when rendered: not kept at all.
    await cache.getOrRender('gone', async () => page('g', now - 1));
    expect(cache.peek('gone')).toBeUndefined();
  });

  it('holds at most max pages, dropping the least recently read', async () => {
    const cache = createPageCache({ max: 2, maxAgeMs: 60_000 });
    await cache.getOrRender('a', async () => page('a'));
    await cache.getOrRender('b', async () => page('b'));
    expect(cache.peek('a')).toBeDefined(); // a is now the most recent
    await cache.getOrRender('c', async () => page('c'));
    expect(cache.size).toBe(2);
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBeDefined();
    expect(cache.peek('c')).toBeDefined();
  });
});
