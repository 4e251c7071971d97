import { buildOpenApi } from '@/lib/openapi';

// The document only changes with the code, so it is built once at build time.
export const dynamic = 'force-static';

/** GET /api/openapi.json → the OpenAPI 3.1 document for /api/check, /api/reports/{id} and /health. */
export function GET(): Response {
  return Response.json(buildOpenApi(), { headers: { 'cache-control': 'public, max-age=3600' } });
}
