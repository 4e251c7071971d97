import { runAppCheck } from '@/app/run';
import { checkHandler } from './handler';
import { shareForApi } from './share';

export const dynamic = 'force-dynamic';

/**
 * POST /api/check {"url": "...", "headers": {"Name": "value"}, "share": false} → {"report": …, "signature": "…"}
 * (+ "shareUrl" with "share": true). Documented in GET /api/openapi.json.
 */
export const POST = checkHandler({ check: runAppCheck, share: shareForApi });
