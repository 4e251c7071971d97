import { checkDatabase } from '@/db/health';
import { appHealth } from '@/lib/app-health';

export const dynamic = 'force-dynamic';

/** GET /health → 200 {"status": "healthy", "timestamp"} or 503 {"status": "unhealthy", "timestamp", "reason"}. */
export async function GET(): Promise<Response> {
  const { status, body } = await appHealth({ checkDatabase });
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
