// Share, for every door (the page's server action and POST /api/reports): verify that this app
// produced the report unchanged, then hand it to the store, which sanitizes and keeps it 7 days.
import 'server-only';
import { verifyReport, type VerifyFailure } from '@/lib/report/sign';
import { saveReport, type StoreFailureReason } from '@/db/store';
import { appGuard } from '@/app/guard';

export type ShareResponse =
  | { ok: true; id: string; path: string; expiresAt: string }
  | { ok: false; error: string; reason: VerifyFailure | StoreFailureReason | 'bad-request' | 'cross-site' }
  | { ok: false; error: string; reason: 'rate-limited'; retryAfterS: number };

const VERIFY_MESSAGE: Record<VerifyFailure, string> = {
  malformed: 'Only a report this app produced can be shared. Run the check again, then press Share.',
  'bad-signature':
    'This report cannot be shared: it is not exactly what this app produced (it was changed, or the app restarted since the check). Run the check again, then press Share.',
  'invalid-report': 'This report cannot be shared: it is not a valid report. Run the check again, then press Share.',
  'too-old': 'This check is more than a day old. Run it again to share a fresh result.',
};

export async function shareReport(input: unknown, requestHeaders: Headers): Promise<ShareResponse> {
  const admitted = await appGuard().admit({ headers: requestHeaders }, 'share');
  if (!admitted.ok) {
    if (admitted.reason === 'rate-limited') return { ok: false, reason: 'rate-limited', error: admitted.error, retryAfterS: admitted.retryAfterS ?? 60 };
    return { ok: false, reason: 'cross-site', error: admitted.error };
  }
  if (typeof input !== 'object' || input === null) return { ok: false, reason: 'bad-request', error: 'Send {"report": …, "signature": "…"} as returned by the check.' };
  const { report, signature } = input as { report?: unknown; signature?: unknown };
  const verified = verifyReport(report, signature);
  if (!verified.ok) return { ok: false, reason: verified.reason, error: VERIFY_MESSAGE[verified.reason] };
  const saved = await saveReport(verified.report);
  if (!saved.ok) return { ok: false, reason: saved.reason, error: saved.message };
  return { ok: true, id: saved.id, path: `/r/${saved.id}`, expiresAt: saved.expiresAt.toISOString() };
}
