import { rateLimit } from '@/app/limits';
import { monitorHandlers } from './handler';

export const dynamic = 'force-dynamic';

/** POST /api/monitors {"url", "intervalSeconds"?, "webhookUrl"?} → 201 {id, statusUrl, badgeUrl, manageToken, manageUrl}. */
export const POST = monitorHandlers({ rateLimit: (h) => rateLimit('monitor', h) }).POST;
