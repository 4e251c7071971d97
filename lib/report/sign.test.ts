import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, signReport, signingKey, verifyReport } from './sign';
import { sampleReport } from '@/e2e/support/sample-report';

const key = randomBytes(32);
const now = new Date('2026-01-10T12:05:00.000Z');

describe('report signatures', () => {
  it('accepts the report it signed, whatever the key order after a round trip', () => {
    const report = sampleReport();
    const sig = signReport(report, key);
    const reordered = reverseKeys(JSON.parse(JSON.stringify(report)));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(report));
    const v = verifyReport(reordered, sig, { key, now });
    expect(v.ok).toBe(true);
  });

  it('refuses an edited report', () => {
    const report = sampleReport();
    const sig = signReport(report, key);
    expect(verifyReport({ ...report, verdict: 'unreachable' }, sig, { key, now })).toEqual({ ok: false, reason: 'bad-signature' });
    const edited = structuredClone(report);
    edited.steps[0]!.response!.body = '<script>alert(1)</script>';
    expect(verifyReport(edited, sig, { key, now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyReport({ ...report, extra: 1 }, sig, { key, now })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a forged report, a missing or malformed signature, and another key', () => {
    const report = sampleReport();
    expect(verifyReport(report, undefined, { key, now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyReport(report, 'v1.AAAA', { key, now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyReport(report, 'nope', { key, now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyReport(report, signReport(report, randomBytes(32)), { key, now })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a signed value that is not a valid report', () => {
    const notAReport = { hello: 'world' };
    // signReport's type wants a Report; a buggy caller could still sign anything.
    const sig = signReport(notAReport as unknown as ReturnType<typeof sampleReport>, key);
    expect(verifyReport(notAReport, sig, { key, now })).toEqual({ ok: false, reason: 'invalid-report' });
  });

  it('refuses a check older than a day', () => {
    const report = sampleReport();
    const sig = signReport(report, key);
    expect(verifyReport(report, sig, { key, now: new Date('2026-01-11T12:00:01.000Z') })).toEqual({ ok: false, reason: 'too-old' });
  });

  it('uses REPORT_SIGNING_KEY when set, and one random key per process otherwise', () => {
    expect(signingKey({ REPORT_SIGNING_KEY: 'k'.repeat(40) }).toString()).toBe('k'.repeat(40));
    expect(signingKey({}).equals(signingKey({}))).toBe(true);
    expect(signingKey({}).length).toBe(32);
  });

  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 3], u: undefined })).toBe('{"a":[{"c":2,"d":1},3],"b":1}');
  });
});

function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  return v;
}
