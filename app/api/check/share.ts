// `"share": true` on POST /api/check. The Share flow (sign, verify, sanitize, store) comes with the
// share branch's app/share.ts; once merged this becomes:
//   const shared = await shareReport(checked);   // from '@/app/share'
//   return shared.ok ? { ok: true, path: shared.path } : { ok: false, status: shared.reason === 'too-large' ? 413 : 503, error: shared.error };
import type { CheckRouteDeps } from './handler';

export const shareForApi: CheckRouteDeps['share'] = async () => ({
  ok: false,
  status: 503,
  error: 'Sharing is not available on this server. Run the check without "share".',
});
