// `"share": true` on POST /api/check: the same Share flow as the button (verify the signature,
// sanitize, store for 7 days).
import { shareReport } from '@/app/share';
import type { CheckRouteDeps } from './handler';

export const shareForApi: CheckRouteDeps['share'] = async (checked, requestHeaders) => {
  const shared = await shareReport(checked, requestHeaders);
  if (shared.ok) return { ok: true, path: shared.path };
  if (shared.reason === 'rate-limited') return { ok: false, status: 429, error: shared.error, ...(shared.retryAfterS ? { retryAfterS: shared.retryAfterS } : {}) };
  return { ok: false, status: shared.reason === 'too-large' ? 413 : shared.reason === 'cross-site' ? 403 : 503, error: shared.error };
};
