// `"share": true` on POST /api/check: the same Share flow as the button (verify the signature,
// sanitize, store for 7 days).
import { shareReport } from '@/app/share';
import type { CheckRouteDeps } from './handler';

export const shareForApi: CheckRouteDeps['share'] = async (checked) => {
  const shared = await shareReport(checked);
  if (shared.ok) return { ok: true, path: shared.path };
  return { ok: false, status: shared.reason === 'too-large' ? 413 : 503, error: shared.error };
};
