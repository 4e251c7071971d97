import { describe, expect, it } from 'vitest';
import { makeRedactor, MASK, quote, typedValues } from './redact';
import { maskReport, typedValueMaskers } from './redact-report';
import { sampleReport } from '@/e2e/support/sample-report';
import { Report } from './schema';

const token = 'tok/en+Ab3"xyZ9é';

describe('redaction of typed secrets', () => {
  it('masks a bearer token wherever a server echoes it, raw or inside JSON', () => {
    const r = makeRedactor(['Bearer abc.def/ghi"jkl']);
    expect(r('auth was Bearer abc.def/ghi"jkl ok')).not.toContain('abc.def');
    expect(r(JSON.stringify({ h: 'abc.def/ghi"jkl' }))).not.toContain('abc.def');
  });
  it('leaves text alone when nothing was typed, and ignores very short values', () => {
    expect(makeRedactor([])('Bearer x')).toBe('Bearer x');
    expect(makeRedactor(['1'])('version 1')).toBe('version 1');
  });
  it.each([
    ['as typed', token],
    ['JSON-escaped', JSON.stringify(token).slice(1, -1)],
    ['JSON with \\/', JSON.stringify(token).slice(1, -1).replace(/\//g, '\\/')],
    ['JSON with \\uXXXX', [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['JSON with upper-case \\uXXXX for some', 'tok\\u002Fen\\u002bAb3\\"xyZ9\\u00E9'],
    ['percent-encoded', encodeURIComponent(token)],
    ['percent-encoded, lower-case hex', encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form-encoded', new URLSearchParams({ a: token }).toString().slice(2)],
    ['base64', Buffer.from(token).toString('base64')],
    ['base64url', Buffer.from(token).toString('base64url')],
    ['upper case', token.toUpperCase()],
  ])('masks the echo %s', (_, echoed) => {
    const out = makeRedactor([`Bearer ${token}`])(`seen: [${echoed}] end`);
    expect(out).toBe(`seen: [${MASK}] end`);
  });
  it('masks base64 of user:pass from the URL and what a Basic header hides', () => {
    const values = typedValues('https://alice:s3cr%2Ft@example.com/mcp', { Authorization: `Basic ${Buffer.from('bob:hunter22').toString('base64')}` });
    const r = makeRedactor(values);
    expect(r(`echo ${Buffer.from('alice:s3cr/t').toString('base64')}`)).toBe(`echo ${MASK}`);
    expect(r('password was s3cr/t')).toBe(`password was ${MASK}`);
    expect(r('you are bob:hunter22')).toBe(`you are ${MASK}`);
    expect(r('pw hunter22')).toBe(`pw ${MASK}`);
  });
});

describe('masking a report', () => {
  const report = Report.parse(sampleReport());
  it.each(['healthy', 'legacy', 'application/json', 'BLOCKED', '2025-11-25', 'true', 'tools', 'ok', 'error', 'initialize'])(
    'typing %s never changes the verdict, era, statuses, ids or the schema',
    (word) => {
      const masked = Report.parse(maskReport(report, typedValueMaskers([word])));
      expect(masked.verdict).toBe(report.verdict);
      expect(masked.era).toBe(report.era);
      expect(masked.protocolVersion).toBe(report.protocolVersion);
      expect(masked.supportedVersions).toEqual(report.supportedVersions);
      expect(masked.steps.map((s) => [s.id, s.status, s.error?.code])).toEqual(report.steps.map((s) => [s.id, s.status, s.error?.code]));
      expect(masked.summary).toBe(report.summary);
      expect(masked.findings.map((f) => [f.id, f.severity, f.message])).toEqual(report.findings.map((f) => [f.id, f.severity, f.message]));
    },
  );
  it('masks quotes of the server inside a sentence, and a strong secret anywhere, but not the sentence', () => {
    const step = { ...report.steps[0]!, notes: `tools/list failed with ${quote('JSON-RPC error: bad tools token')} for tools` };
    const out = maskReport({ ...report, steps: [step] }, typedValueMaskers(['tools']));
    expect(out.steps[0]!.notes).toBe(`tools/list failed with JSON-RPC error: bad ${MASK} token for tools`);
    const strong = maskReport({ ...report, steps: [{ ...step, notes: 'the server said k3yAbc123456 out loud' }] }, typedValueMaskers(['Bearer k3yAbc123456']));
    expect(strong.steps[0]!.notes).toBe(`the server said ${MASK} out loud`);
  });
});
