import { appGuard } from '@/app/guard';
import { monitorHandlers } from './handler';

export const dynamic = 'force-dynamic';

/** POST /api/monitors {"url", "intervalSeconds"?, "webhookUrl"?} → 201 {id, statusUrl, badgeUrl, manageToken, manageUrl}. */
export const POST = monitorHandlers({ guard: appGuard }).POST;
