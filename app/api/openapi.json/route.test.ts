import { describe, expect, it } from 'vitest';
import { GET } from './route';

describe('GET /api/openapi.json', () => {
  it('serves the OpenAPI 3.1 document', async () => {
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/health');
  });
});
