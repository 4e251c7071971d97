// Rendered HTML of shared reports, kept so that a link read by many people is rendered once.
//
// A shared report never changes until it expires (db/store.ts), but Next renders /r/{id} on every
// request because each response needs its own CSP nonce. Rendering it (React on the server, the
// RSC payload Next inlines) was ~20 ms of CPU per read (docs/benchmarks.md, part 4), so 20 readers
// at once waited ~400 ms. Here the page is rendered once with a placeholder in place of the nonce,
// kept, and every response gets the placeholder replaced by its own fresh nonce: as strict as a
// fresh render (a new unguessable nonce per response; only the scripts Next emitted carry it).
//
// The placeholder is random per process, so text in a report (which a server under test chose)
// cannot be made to contain it; it is letters and digits only, so no escaping changes it anywhere
// Next writes the nonce (attributes, the inlined RSC payload).

/** The key parts that change the HTML of a shared page: the report, the theme cookie, the site's own origin. */
export interface PageKey {
  id: string;
  theme: string;
  origin: string;
}

export interface CachedPage {
  /** The page's UTF-8 bytes between the placeholders: joined with a nonce they are the response. */
  parts: Uint8Array[];
  /** The report's own expiry; an entry is never served past it (a report is not emptied before it, db/store.ts). */
  expiresAt: number;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  // 256 % 62 leaves a slight bias; at 32 characters that is still far beyond guessing.
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** Stands for the nonce in kept HTML. 32 characters: the length of a base64 128-bit nonce and more. */
export const NONCE_PLACEHOLDER = randomAlnum(32);
/** Marks the proxy's own render request; only this process knows it, so nobody else can ask for a placeholder render. */
export const RENDER_SECRET = randomAlnum(32);
export const RENDER_HEADER = 'x-mcp-health-render';

/** Kept as bytes cut at the placeholders, so a response is one copy of them (not a search of the text and an encoding of it). */
export function toParts(html: string): Uint8Array[] {
  const encoder = new TextEncoder();
  return html.split(NONCE_PLACEHOLDER).map((part) => encoder.encode(part));
}

/** The body of one response: the kept page with this response's nonce. */
export function withNonce(parts: Uint8Array[], nonce: string): Uint8Array<ArrayBuffer> {
  const n = new TextEncoder().encode(nonce);
  let length = n.length * (parts.length - 1);
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  parts.forEach((part, i) => {
    if (i > 0) {
      out.set(n, at);
      at += n.length;
    }
    out.set(part, at);
    at += part.length;
  });
  return out;
}

export const keyOf = (k: PageKey) => `${k.id}\n${k.theme}\n${k.origin}`;

/**
 * A bounded map, least recently used out first, and one render in flight per key: the 20 readers
 * who open a fresh link at once wait for one render, not 20.
 */
export function createPageCache(options: { max: number; maxAgeMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const pages = new Map<string, { page: CachedPage; keptUntil: number }>();
  const inFlight = new Map<string, Promise<CachedPage | undefined>>();

  function get(key: string): CachedPage | undefined {
    const hit = pages.get(key);
    if (!hit) return undefined;
    pages.delete(key);
    if (hit.keptUntil <= now()) return undefined;
    pages.set(key, hit);
    return hit.page;
  }

  function put(key: string, page: CachedPage): void {
    pages.delete(key);
    pages.set(key, { page, keptUntil: Math.min(page.expiresAt, now() + options.maxAgeMs) });
    while (pages.size > options.max) pages.delete(pages.keys().next().value!);
  }

  return {
    get size() {
      return pages.size;
    },
    /** The kept page, if there is one that has not expired. */
    peek: get,
    /** The kept page, or the result of `render` (kept when it gave one), sharing a render in flight. */
    async getOrRender(key: string, render: () => Promise<CachedPage | undefined>): Promise<CachedPage | undefined> {
      const hit = get(key);
      if (hit) return hit;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = render()
          .then((page) => {
            if (page && page.expiresAt > now()) put(key, page);
            return page;
          })
          .catch(() => undefined)
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
