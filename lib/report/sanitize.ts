// What is stored is safe to publish. A second layer, independent of the engine's redaction
// (lib/report/redact.ts masks what the person typed while the check runs): this one knows nothing
// about the person's input and works from the report alone, so it also catches what the engine
// never saw as secret: session ids, cookies, keys in the URL, tokens a server printed in a body.
//
// Pure: no clock, no I/O. The shared copy is sanitize(report) and nothing else.
import { AuthReport } from './auth';
import type { HeaderList, Report, Sanitized, Step, WireRequest } from './schema';
import { isStrongSecret, makeRedactor } from './redact';
import { maskReport } from './redact-report';
import { isCheckRequestHeader, isCredentialHeader, MASK } from '../header-registry';
import { capCall, capStep, SHARED_BODY_CAP_BYTES } from './shared-caps';

export { capText, SHARED_BODY_CAP_BYTES } from './shared-caps';

// Which request headers the check itself sends and which are credentials: lib/header-registry.ts.
// A request header the check did not send was typed by the person and is left out of the shared
// copy, name and value; a credential header's value is masked.

/** Query parameters whose values are treated as secrets wherever they appear. */
const CREDENTIAL_PARAM = /token|secret|key|auth|sig|session|passw|code|credential|jwt/i;
/** Long mixed letters-and-digits values look like keys whatever the parameter is called. */
const TOKEN_LIKE = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9._~+/=-]{16,}$/;

/**
 * Bearer/Basic credentials and JWTs, wherever a server printed them. The words that follow a scheme
 * name in the report's own sentences ("401, Bearer challenge") are not credentials: masking them
 * made a shared AUTH report read "Bearer ••••••" as if a token had been there. Nor is a challenge's
 * auth-param (`Bearer resource_metadata="…"`, RFC 9110 §11.2): a credential is a token68, which
 * ends in at most some "=" padding and is never followed by a value, quoted or not, even inside
 * a JSON string (RFC 9110 §11.4).
 */
const INLINE_CREDENTIALS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Token|Digest)(\s+)(?!(?:challenge|challenges|authentication|authorization)\b)(?![A-Za-z0-9._~+/-]+=\s*\\?["A-Za-z0-9])[A-Za-z0-9._~+/=-]{8,}/g, `$1$2${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, MASK],
];

/** Keys of free-form objects (the auth section) whose string values are credentials. */
const CREDENTIAL_FIELD = /^(access_?token|refresh_?token|id_?token|token|client_?secret|secret|password|code_?verifier|code|api_?key|cookie|session_?id|assertion)$/i;

export interface SanitizeOptions {
  bodyCapBytes?: number;
}

export function sanitizeReport(report: Report, options: SanitizeOptions = {}): Report {
  const cap = options.bodyCapBytes ?? SHARED_BODY_CAP_BYTES;
  const secrets = new Set<string>();
  /** Secrets that may also be masked inside the checker's own sentences (never ordinary words). */
  const sentenceSecrets = new Set<string>();
  /** Whole original URLs and the stripped versions that replace them in free text. */
  const urlSwaps = new Map<string, string>();

  const top = stripUrl(report.url, secrets, sentenceSecrets);
  if (top.removed) urlSwaps.set(report.url, top.url);

  const headersRemoved = new Set<string>();
  const steps: Step[] = report.steps.map((step) => {
    const out: Step = { ...step };
    if (step.request) {
      const { request, removed } = sanitizeRequest(step.request, secrets, urlSwaps);
      for (const name of removed) headersRemoved.add(name);
      out.request = request;
    }
    if (step.response) out.response = { ...step.response, headers: maskHeaders(step.response.headers, secrets) };
    return out;
  });

  const session = report.session ? { ...report.session } : undefined;
  if (session?.id !== undefined) {
    secrets.add(session.id);
    session.id = MASK;
  }

  const draft: Report = { ...report, url: top.url, steps };
  if (session) draft.session = session;
  if (report.auth !== undefined) {
    // Masking only replaces string values, so the section keeps its shape; if it ever did not, drop it.
    const masked = AuthReport.safeParse(maskCredentialFields(report.auth, secrets));
    if (masked.success) draft.auth = masked.data;
    else delete draft.auth;
  }

  // Text: original URLs become their stripped form first (so a URL printed anywhere loses its
  // query too), then the collected secrets and inline credentials are masked. Copies of what the
  // server sent lose every secret; the checker's sentences only those that cannot be ordinary
  // words; the verdict, era, statuses and ids are never touched (redact-report.ts).
  const collected = [...secrets].filter((s) => s !== MASK);
  const swaps = [...urlSwaps].sort((a, b) => b[0].length - a[0].length);
  const scrubWith = (redact: (t: string) => string) => (text: string): string => {
    let t = text;
    for (const [from, to] of swaps) if (t.includes(from)) t = t.split(from).join(to);
    t = redact(t);
    for (const [re, replacement] of INLINE_CREDENTIALS) t = t.replace(re, replacement);
    return t;
  };
  const inSentences = [...collected.filter(isStrongSecret), ...sentenceSecrets];
  const scrubbed = maskReport(
    draft,
    { server: scrubWith(makeRedactor(collected)), sentence: scrubWith(inSentences.length ? makeRedactor(inSentences) : (t) => t) },
    // What the shared copy shows of a request is scrubbed too: a URL in a body, a masked header.
    { alsoServer: ['request'] },
  );

  // Cap last: masking before cutting, so no secret is left half-cut at the boundary.
  let bodiesCapped = 0;
  scrubbed.steps = scrubbed.steps.map((step) => {
    const capped = capStep(step, cap);
    bodiesCapped += capped.count;
    return capped.step;
  });

  if (scrubbed.calls) {
    scrubbed.calls = scrubbed.calls.map((call) => {
      const capped = capCall(call, cap);
      bodiesCapped += capped.count;
      return capped.call;
    });
  }

  const sanitized: Sanitized = {
    queryRemoved: top.removed || (report.sanitized?.queryRemoved ?? false),
    headersRemoved: headersRemoved.size + (report.sanitized?.headersRemoved ?? 0),
    bodiesCapped: bodiesCapped + (report.sanitized?.bodiesCapped ?? 0),
  };
  return { ...scrubbed, sanitized };
}

/** The URL without userinfo, query or fragment; what was cut is collected as secrets. */
export function stripUrl(raw: string, secrets: Set<string> = new Set(), sentenceSecrets: Set<string> = new Set()): { url: string; removed: boolean } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // Not a URL the engine could have checked; cut textually.
    const cut = raw.replace(/[?#].*$/s, '');
    return { url: cut, removed: cut !== raw };
  }
  if (u.username) secrets.add(decodeSafe(u.username)).add(u.username);
  if (u.password) secrets.add(decodeSafe(u.password)).add(u.password);
  // Every query value, wherever a server echoes it (an x-echo-url header, a body), not only the
  // credential-named ones; in the checker's sentences, those and the name=value pairs.
  for (const [name, value] of u.searchParams) {
    secrets.add(value);
    const pair = `${name}=${value}`;
    secrets.add(pair);
    sentenceSecrets.add(pair);
    if (CREDENTIAL_PARAM.test(name) || TOKEN_LIKE.test(value)) sentenceSecrets.add(value);
  }
  if (u.search.length > 1) {
    secrets.add(u.search.slice(1));
    sentenceSecrets.add(u.search.slice(1));
  }
  if (u.hash.length > 1) {
    secrets.add(u.hash.slice(1));
    sentenceSecrets.add(u.hash.slice(1));
  }
  const stripped = new URL(u.href);
  stripped.username = '';
  stripped.password = '';
  stripped.search = '';
  stripped.hash = '';
  const url = stripped.href;
  return { url, removed: url !== u.href || raw.includes('?') || raw.includes('#') };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sanitizeRequest(
  req: WireRequest,
  secrets: Set<string>,
  urlSwaps: Map<string, string>,
): { request: WireRequest; removed: string[] } {
  const stripped = stripUrl(req.url, secrets);
  if (stripped.removed) urlSwaps.set(req.url, stripped.url);
  const removed: string[] = [];
  const kept: HeaderList = [];
  for (const [name, value] of req.headers) {
    if (!isCheckRequestHeader(name)) {
      removed.push(name.toLowerCase());
      collectHeaderSecret(name, value, secrets);
      continue;
    }
    kept.push(isCredentialHeader(name) ? [name, maskHeaderValue(name, value, secrets)] : [name, value]);
  }
  return { request: { ...req, url: stripped.url, headers: kept }, removed };
}

function maskHeaders(headers: HeaderList, secrets: Set<string>): HeaderList {
  return headers.map(([name, value]) => (isCredentialHeader(name) ? [name, maskHeaderValue(name, value, secrets)] : [name, value]));
}

/** A dropped header's value is still a secret: a server may have echoed it into a body. */
function collectHeaderSecret(name: string, value: string, secrets: Set<string>) {
  if (value.includes(MASK) || value.includes('•')) return;
  secrets.add(value);
  const m = /^[A-Za-z][A-Za-z0-9-]*\s+(\S.*)$/.exec(value);
  if (m?.[1]) secrets.add(m[1]);
  if (name.toLowerCase() === 'cookie') for (const v of cookieValues(value)) secrets.add(v);
}

/** Masks a credential header's value but keeps what helps a reader: the scheme, cookie names and attributes. */
export function maskHeaderValue(name: string, value: string, secrets: Set<string> = new Set()): string {
  const n = name.toLowerCase();
  if (value.trim() === '' || /^([A-Za-z][A-Za-z0-9-]*\s+)?•+$/.test(value.trim())) return value;
  if (n === 'set-cookie') {
    const [pair = '', ...attributes] = value.split(';');
    const eq = pair.indexOf('=');
    const cookieName = eq >= 0 ? pair.slice(0, eq).trim() : '';
    const cookieValue = eq >= 0 ? pair.slice(eq + 1).trim() : pair.trim();
    if (cookieValue) secrets.add(cookieValue);
    return [cookieName ? `${cookieName}=${MASK}` : MASK, ...attributes.map((a) => a.trim())].join('; ');
  }
  if (n === 'cookie') {
    for (const v of cookieValues(value)) secrets.add(v);
    return value
      .split(';')
      .map((part) => {
        const eq = part.indexOf('=');
        return eq >= 0 ? `${part.slice(0, eq).trim()}=${MASK}` : MASK;
      })
      .join('; ');
  }
  secrets.add(value.trim());
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+(\S.*)$/.exec(value.trim());
  if (scheme?.[2] && /^(bearer|basic|token|digest|dpop|negotiate|apikey)$/i.test(scheme[1] ?? '')) {
    secrets.add(scheme[2]);
    return `${scheme[1]} ${MASK}`;
  }
  return MASK;
}

function cookieValues(header: string): string[] {
  return header
    .split(';')
    .map((p) => p.slice(p.indexOf('=') + 1).trim())
    .filter(Boolean);
}

function maskCredentialFields(value: unknown, secrets: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => maskCredentialFields(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && CREDENTIAL_FIELD.test(k)) {
        secrets.add(v);
        out[k] = MASK;
      } else out[k] = maskCredentialFields(v, secrets);
    }
    return out;
  }
  return value;
}
