// The app's door into the engine: the page action and the JSON route share it.
import 'server-only';
import { runCheck } from '@/lib/check';
import type { CheckRequest } from '@/lib/input';
import type { Report } from '@/lib/report/schema';
import { engineDeps } from '@/lib/deps';

export type CheckResponse = { ok: true; report: Report } | { ok: false; error: string; status?: number };

export interface RequestContext {
  /** The origins the request came in on: a check may not target the app itself. */
  selfOrigins: string[];
}

export async function runAppCheck(req: CheckRequest, context: RequestContext): Promise<CheckResponse> {
  const report = await runCheck({ url: req.url, headers: req.headers }, engineDeps({ selfOrigins: context.selfOrigins }));
  return { ok: true, report };
}
