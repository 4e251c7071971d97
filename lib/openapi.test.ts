import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApi } from './openapi';
import { componentValidator } from '../e2e/openapi-validator';
import { CheckApiRequest, CheckApiResponse, HealthResponse } from './api';
import { Report } from './report/schema';
import { sampleReport } from '@/e2e/support/sample-report';

// The same realistic report the sanitize, sign and store tests use: every part of the schema a
// legacy check fills (session, capabilities, timing, request and response, tools, findings).
const report: Report = Report.parse(sampleReport());

describe('the OpenAPI document', () => {
  const doc = buildOpenApi();

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents /api/check, /api/reports/{id} and /health', () => {
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/check', '/api/reports/{id}', '/health', '/api/openapi.json']));
    expect(Object.keys(doc.paths['/health']!.get as object)).toContain('responses');
  });

  it('every component is a strict draft 2020-12 schema without $id or $schema', () => {
    for (const [id, schema] of Object.entries(doc.components.schemas)) {
      expect(schema, id).not.toHaveProperty('$id');
      expect(schema, id).not.toHaveProperty('$schema');
    }
    expect(() => componentValidator(doc)).not.toThrow();
  });

  it('every $ref points at a component that exists', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const r of refs) expect(doc.components.schemas, r).toHaveProperty(r.replace('#/components/schemas/', ''));
  });

  it('the schemas accept what the zod schemas accept, and refuse what they refuse', () => {
    const check = componentValidator(doc);
    expect(check('Report', report)).toMatchObject({ ok: true });
    expect(check('CheckResponse', CheckApiResponse.parse({ report, shareUrl: 'https://h.example/r/abc' }))).toMatchObject({ ok: true });
    expect(check('CheckRequest', { url: 'https://example.com/mcp' })).toMatchObject({ ok: true }); // headers default: optional on input
    expect(check('CheckRequest', CheckApiRequest.parse({ url: 'https://e.com/mcp', headers: { A: 'b' }, share: true }))).toMatchObject({ ok: true });
    expect(check('Health', HealthResponse.parse({ status: 'healthy', timestamp: new Date().toISOString() }))).toMatchObject({ ok: true });
    expect(check('Health', { status: 'unhealthy', timestamp: new Date().toISOString(), reason: 'database: down' })).toMatchObject({ ok: true });

    // The shapes GET /api/reports/{id} answers with (share branch's route).
    expect(check('SharedReport', { id: 'abcdefghijklmnopqrstu', createdAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z', report })).toMatchObject({ ok: true });
    expect(check('SharedReportGone', { error: 'This shared report expired.', expiredAt: '2026-01-09T03:04:05.000Z', url: report.url })).toMatchObject({ ok: true });
    expect(check('SharedReportUnreadable', { error: 'Unreadable.', url: report.url })).toMatchObject({ ok: true });

    expect(check('Report', { ...report, verdict: 'fine' }).ok).toBe(false);
    expect(check('Report', { ...report, steps: [{ ...report.steps[0], status: 'great' }] }).ok).toBe(false);
    expect(check('Health', { status: 'unhealthy', timestamp: new Date().toISOString() }).ok).toBe(false);
    expect(check('CheckRequest', { headers: {} }).ok).toBe(false);
  });
});
