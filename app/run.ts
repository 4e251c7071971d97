// The app's door into the engine: the page action and the JSON route share it.
import 'server-only';
import { runCheck } from '@/lib/check';
import type { CheckRequest } from '@/lib/input';
import type { Report } from '@/lib/report/schema';
import { signReport } from '@/lib/report/sign';
import { engineDeps } from '@/lib/deps';

/**
 * `signature` proves to Share (app/share.ts) that this server produced `report` unchanged;
 * nothing is stored until the person presses Share.
 */
export type CheckResponse = { ok: true; report: Report; signature: string } | { ok: false; error: string; status?: number };

export async function runAppCheck(req: CheckRequest): Promise<CheckResponse> {
  const report = await runCheck({ url: req.url, headers: req.headers }, engineDeps());
  return { ok: true, report, signature: signReport(report) };
}
