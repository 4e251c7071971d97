// The app's door into the engine: the page action and the JSON route share it.
import 'server-only';
import { runCheck } from '@/lib/check';
import type { CheckRequest } from '@/lib/input';
import type { Report } from '@/lib/report/schema';
import { signReport } from '@/lib/report/sign';
import { engineDeps } from '@/lib/deps';
import { rateLimit } from '@/app/limits';
import { selfOriginsFrom } from '@/app/request-info';

/**
 * `signature` proves to Share (app/share.ts) that this server produced `report` unchanged;
 * nothing is stored until the person presses Share.
 */
export type CheckResponse = { ok: true; report: Report; signature: string } | { ok: false; error: string; status?: number; retryAfterS?: number };

/** One check for a request to the app: rate limit, self-target protection, then the engine. */
export async function runAppCheck(req: CheckRequest, requestHeaders: Headers): Promise<CheckResponse> {
  const limited = await rateLimit('check', requestHeaders);
  if (!limited.ok) return { ok: false, error: limited.message, status: 429, retryAfterS: limited.retryAfterS };
  const report = await runCheck({ url: req.url, headers: req.headers }, engineDeps({ selfOrigins: selfOriginsFrom(requestHeaders) }));
  return { ok: true, report, signature: signReport(report) };
}
