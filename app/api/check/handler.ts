// POST /api/check, with its collaborators passed in so a unit test can drive the whole route
// (validation, share flow, rate limit) without a server, a database or a network.
import { parseCheckApiRequest, type ApiError, type CheckApiResponse } from '@/lib/api';
import type { CheckRequest } from '@/lib/input';
import type { Report } from '@/lib/report/schema';

export type Checked = { ok: true; report: Report; signature?: string } | { ok: false; error: string; status?: number };
export type ShareOutcome = { ok: true; path: string } | { ok: false; status: 413 | 503; error: string };
export type RateLimitOutcome = { ok: true } | { ok: false; retryAfterS: number };

export interface CheckRouteDeps {
  check: (req: CheckRequest) => Promise<Checked>;
  /** Store the report as the Share button does; `path` is the share page, e.g. /r/{id}. */
  share: (checked: { report: Report; signature?: string }) => Promise<ShareOutcome>;
  /** The page's rate limit, keyed on the client (lib/ratelimit). */
  rateLimit?: (request: Request) => Promise<RateLimitOutcome>;
}

const BAD_JSON = 'The body must be JSON: {"url": "https://…", "headers": {}, "share": false}';

const error = (message: string, status: number, headers: Record<string, string> = {}) =>
  Response.json({ error: message } satisfies ApiError, { status, headers: { 'cache-control': 'no-store', ...headers } });

export function checkHandler(deps: CheckRouteDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return error(BAD_JSON, 400);
    }
    const parsed = parseCheckApiRequest(body);
    if (!parsed.ok) return error(parsed.error, 400);
    if (deps.rateLimit) {
      const limited = await deps.rateLimit(request);
      if (!limited.ok) return error(`Too many checks; try again in ${limited.retryAfterS} s.`, 429, { 'retry-after': String(limited.retryAfterS) });
    }
    const { share, ...input } = parsed.value;
    const result = await deps.check(input);
    if (!result.ok) return error(result.error, result.status ?? 500);
    const out: CheckApiResponse = { report: result.report, ...(result.signature !== undefined ? { signature: result.signature } : {}) };
    if (share) {
      const shared = await deps.share({ report: result.report, ...(result.signature !== undefined ? { signature: result.signature } : {}) });
      if (!shared.ok) return error(shared.error, shared.status);
      out.shareUrl = new URL(shared.path, request.url).toString();
    }
    return Response.json(out, { headers: { 'cache-control': 'no-store' } });
  };
}
