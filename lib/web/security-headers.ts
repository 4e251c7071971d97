// Response headers that make the pages safe to render server-controlled text in: a strict,
// nonce-based Content-Security-Policy and the usual companions. Pure, so tests can read the policy.

export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging and a websocket for HMR. */
  dev: boolean;
  /** Only over https: on plain-http self-hosting (and the tests) it would break every request. */
  https: boolean;
}

/**
 * Scripts run only with this response's nonce (Next puts it on its own scripts); 'strict-dynamic'
 * lets those load the chunks they need, and makes 'self' and host lists irrelevant for scripts. No
 * inline event handlers, no eval in production, no plugins, no framing, no foreign form targets.
 */
export function contentSecurityPolicy({ nonce, dev, https }: CspOptions): string {
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `img-src 'self' data: blob:`,
    // Audio a tool returned plays from a data: URL (app/components/CallResults.tsx).
    `media-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** For JSON and other non-HTML responses: nothing may load, nobody may frame. */
export const API_CSP = `default-src 'none'; frame-ancestors 'none'`;

/** Sent on every response (next.config.ts `headers()`). */
export const COMMON_SECURITY_HEADERS: Array<{ key: string; value: string }> = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Reports link to servers and specs; their URLs can carry tokens in query strings.
  { key: 'Referrer-Policy', value: 'no-referrer' },
  // Old browsers that ignore CSP frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
