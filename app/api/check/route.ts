import { appGuard } from '@/app/guard';
import { checkHandler } from './handler';
import { shareForApi } from './share';

export const dynamic = 'force-dynamic';

/**
 * POST /api/check {"url": "...", "headers": {"Name": "value"}, "share": false} → {"report": …, "signature": "…"}
 * (+ "shareUrl" with "share": true). Documented in GET /api/openapi.json.
 */
export const POST = checkHandler({ guard: appGuard, share: shareForApi });
