// The app's door into the engine: the page action and the JSON route share it.
import 'server-only';
import { runCheck } from '@/lib/check';
import type { CheckRequest } from '@/lib/input';
import type { Report } from '@/lib/report/schema';
import { engineDeps } from '@/lib/deps';

export type CheckResponse = { ok: true; report: Report } | { ok: false; error: string; status?: number };

export async function runAppCheck(req: CheckRequest): Promise<CheckResponse> {
  const report = await runCheck({ url: req.url, headers: req.headers }, engineDeps());
  return { ok: true, report };
}
