// Share stores only reports this app produced. The check returns its report with an HMAC-SHA256
// signature over the report's canonical JSON; Share recomputes it before storing, so a browser
// cannot forge a report or edit one (say, flip the verdict) on its way back.
//
// Stateless on purpose: nothing is kept in memory between Check and Share, a restart with a fixed
// key keeps pending Share buttons working, and any instance that shares the key can verify.
//
// Key: REPORT_SIGNING_KEY (at least 32 characters of randomness). Without it every process makes
// a random key at start; that is fine for one instance, but a multi-instance deployment MUST set
// the same REPORT_SIGNING_KEY everywhere, or Share fails on the instance that did not run the check.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Report } from './schema';

const VERSION = 'v1';
/** Domain separation: this key signs nothing else, but a tag keeps it that way if it ever does. */
const CONTEXT = 'mcp-health report v1\n';
/** A report can be shared for this long after its check ran; after that, run it again. */
export const SIGNATURE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const MIN_KEY_LENGTH = 32;

const KEY_SLOT = Symbol.for('mcp-health.report-signing-key');
type KeyHolder = { [KEY_SLOT]?: Buffer };

/**
 * The process's signing key. Kept on globalThis because Next bundles each route separately: a
 * module-level key could differ between the bundle that signs (the check) and the one that
 * verifies (Share).
 */
export function signingKey(env: Record<string, string | undefined> = process.env): Buffer {
  const configured = env.REPORT_SIGNING_KEY?.trim();
  if (configured) {
    if (configured.length < MIN_KEY_LENGTH) warnOnce(`REPORT_SIGNING_KEY is shorter than ${MIN_KEY_LENGTH} characters; use a long random value.`);
    return Buffer.from(configured, 'utf8');
  }
  const holder = globalThis as KeyHolder;
  holder[KEY_SLOT] ??= randomBytes(32);
  return holder[KEY_SLOT];
}

let warned = false;
function warnOnce(message: string) {
  if (warned) return;
  warned = true;
  console.warn(`[mcp-health] ${message}`);
}

/**
 * JSON with object keys sorted at every level, so the signature depends on the report's content
 * and not on the key order a serializer (React's action transport, a proxy) happens to keep.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function mac(value: unknown, key: Buffer): Buffer {
  return createHmac('sha256', key).update(CONTEXT).update(canonicalJson(value)).digest();
}

export function signReport(report: Report, key: Buffer = signingKey()): string {
  return `${VERSION}.${mac(report, key).toString('base64url')}`;
}

export type VerifyFailure = 'malformed' | 'bad-signature' | 'invalid-report' | 'too-old';
export type Verified = { ok: true; report: Report } | { ok: false; reason: VerifyFailure };

/**
 * Accepts a report only if `signature` is this app's signature over exactly this value and the
 * check ran less than SIGNATURE_MAX_AGE_MS ago. The value is checked as received (before any
 * parsing could drop or coerce fields), then parsed with the report schema.
 */
export function verifyReport(
  value: unknown,
  signature: unknown,
  options: { key?: Buffer; now?: Date } = {},
): Verified {
  if (typeof signature !== 'string' || !signature.startsWith(`${VERSION}.`)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature.slice(VERSION.length + 1), 'base64url');
  let expected: Buffer;
  try {
    expected = mac(value, options.key ?? signingKey());
  } catch {
    // Not JSON at all: a BigInt or a cycle (a server action's argument can carry both). Nothing
    // this app signed looks like that.
    return { ok: false, reason: 'malformed' };
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  const parsed = Report.safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'invalid-report' };
  const checkedAt = Date.parse(parsed.data.checkedAt);
  const now = (options.now ?? new Date()).getTime();
  if (!Number.isFinite(checkedAt) || now - checkedAt > SIGNATURE_MAX_AGE_MS) return { ok: false, reason: 'too-old' };
  return { ok: true, report: parsed.data };
}
