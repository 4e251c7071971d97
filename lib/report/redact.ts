// Secrets the person typed (header values, URL userinfo) never reach a report, even when a server
// echoes them back. The engine interprets the raw answers; only the recorded copies of what came
// back are masked, once, when the report is finished (lib/report/redact-report.ts). A typed value
// can therefore never change a verdict, an era, a status or an id, whatever word it is.
export const MASK = '«redacted»';

/** Shorter values are not hunted for in server data (they would mask ordinary characters). */
const MIN_SECRET = 4;

/**
 * A value that cannot be one of the checker's own words: letters and digits mixed, or long. Only
 * these are masked in the checker's sentences outside a quote of the server (see `quote`).
 */
export function isStrongSecret(s: string): boolean {
  if (/\s/.test(s)) return false;
  return (s.length >= 8 && /\d/.test(s) && /[A-Za-z]/.test(s)) || s.length >= 24;
}

/** The values worth hunting for: each as typed, its credential part, and what a Basic header hides. */
export function secretValues(values: string[]): string[] {
  const out = new Set<string>();
  const add = (s: string | undefined) => {
    if (s !== undefined && s.length >= MIN_SECRET) out.add(s);
  };
  for (const v of values) {
    const value = v.trim();
    add(value);
    // The credential part of "Bearer <token>" / "Basic <b64>".
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s+(\S.*)$/.exec(value);
    if (m?.[2]) {
      add(m[2]);
      if (/^basic$/i.test(m[1] ?? '')) {
        const decoded = Buffer.from(m[2], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        // RFC 7617 §2: user-id ":" password.
        if (colon > 0 && Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') === m[2].replace(/=+$/, '')) {
          add(decoded);
          add(decoded.slice(colon + 1));
        }
      }
    }
  }
  return [...out];
}

/** The base64 forms a server may print a value in (RFC 4648 §4 and §5, padded or not). */
function base64Forms(s: string): string[] {
  const std = Buffer.from(s, 'utf8').toString('base64');
  const url = std.replace(/\+/g, '-').replace(/\//g, '_');
  return [...new Set([std, std.replace(/=+$/, ''), url, url.replace(/=+$/, '')])].filter((f) => f.length >= MIN_SECRET);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * One character in every spelling an echo may use: as is, JSON-escaped (`\/`, `\"`, `\uXXXX`,
 * RFC 8259 §7), percent-encoded (RFC 3986 §2.1, `+` for a space in a form body).
 */
function charPattern(ch: string): string {
  const alts = new Set<string>([escapeRe(ch)]);
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
  alts.add(units.map((u) => `\\\\u${hex(u, 4)}`).join(''));
  alts.add([...Buffer.from(ch, 'utf8')].map((b) => `%${hex(b, 2)}`).join(''));
  const jsonShort: Record<string, string> = { '/': '\\\\/', '"': '\\\\"', '\\': '\\\\\\\\', '\n': '\\\\n', '\t': '\\\\t', '\r': '\\\\r' };
  if (jsonShort[ch]) alts.add(jsonShort[ch]);
  if (ch === ' ') alts.add('\\+');
  return alts.size === 1 ? [...alts][0]! : `(?:${[...alts].join('|')})`;
}

function secretPattern(secret: string): string {
  return [...secret].map(charPattern).join('');
}

/**
 * A redactor for the given secrets: every spelling of each (see charPattern), its base64 forms,
 * in any letter case (servers upper- or lower-case what they echo). Longest first, so a token
 * inside a longer value is not left half-masked.
 */
export function makeRedactor(values: string[]): (text: string) => string {
  const secrets = secretValues(values);
  const forms = new Set<string>();
  for (const s of secrets) {
    forms.add(s);
    for (const b of base64Forms(s)) forms.add(b);
  }
  if (forms.size === 0) return (t) => t;
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  // The encoded spellings cost a lot to compile and to run: only for text with an escape in it.
  let encoded: RegExp | undefined;
  const plain = new RegExp(sorted.map((s) => [...s].map(escapeRe).join('')).join('|'), 'gi');
  const lowered = sorted.map((s) => s.toLowerCase());
  return (text: string) => {
    if (text.length < MIN_SECRET) return text;
    if (/[%\\+]/.test(text)) return text.replace((encoded ??= new RegExp(sorted.map(secretPattern).join('|'), 'gi')), MASK);
    const lower = text.toLowerCase();
    return lowered.some((s) => lower.includes(s)) ? text.replace(plain, MASK) : text;
  };
}

// Quotes of the server inside the checker's own sentences. Text from the server that the checker
// puts into a note or a message (a JSON-RPC error message, the first bytes of a body, a tool name)
// is wrapped in these private-use marks; when the report is finished the quoted part is redacted
// like any server data and the marks are removed. The sentence around it is left as written.
export const QUOTE_OPEN = '\uE000';
export const QUOTE_CLOSE = '\uE001';

export function quote(serverText: string): string {
  return `${QUOTE_OPEN}${serverText.replace(/[\uE000\uE001]/g, '')}${QUOTE_CLOSE}`;
}

/** Redacts the quoted parts of a sentence with `inQuote`, the rest with `outside`, and removes the marks. */
export function redactSentence(text: string, inQuote: (s: string) => string, outside: (s: string) => string): string {
  if (!text.includes(QUOTE_OPEN) && !text.includes(QUOTE_CLOSE)) return outside(text);
  let out = '';
  let rest = text;
  for (;;) {
    const open = rest.indexOf(QUOTE_OPEN);
    if (open < 0) {
      out += outside(rest.replace(/\uE001/g, ''));
      return out;
    }
    out += outside(rest.slice(0, open).replace(/\uE001/g, ''));
    rest = rest.slice(open + 1);
    const close = rest.indexOf(QUOTE_CLOSE);
    const quoted = close < 0 ? rest : rest.slice(0, close);
    out += inQuote(quoted.replace(/\uE000/g, ''));
    if (close < 0) return out;
    rest = rest.slice(close + 1);
  }
}

/** What the person typed for one check: header values, and the userinfo of the URL (RFC 3986 §3.2.1). */
export function typedValues(url: string, headers: Record<string, string>): string[] {
  const out = Object.values(headers);
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    if (pass) out.push(pass, `${user}:${pass}`);
    else if (user) out.push(user);
  } catch {
    // not a URL: nothing to add
  }
  return out;
}
