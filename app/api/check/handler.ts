// POST /api/check, with its collaborators passed in so a unit test can drive the whole route
// (validation, share flow, rate limit) without a server, a database or a network.
import { parseCheckApiRequest, type ApiError, type CheckApiResponse } from '@/lib/api';
import type { CheckRequest } from '@/lib/input';
import { readCapped } from '@/app/read-body';
import type { Report } from '@/lib/report/schema';

export type Checked = { ok: true; report: Report; signature?: string } | { ok: false; error: string; status?: number; retryAfterS?: number };
export type ShareOutcome = { ok: true; path: string } | { ok: false; status: 413 | 429 | 503; error: string; retryAfterS?: number };
export type RateLimitOutcome = { ok: true } | { ok: false; retryAfterS: number };

export interface CheckRouteDeps {
  /** Runs the check (the app's own rate limit and self-target rules apply, keyed on the request's headers). */
  check: (req: CheckRequest, requestHeaders: Headers) => Promise<Checked>;
  /** Store the report as the Share button does; `path` is the share page, e.g. /r/{id}. */
  share: (checked: { report: Report; signature?: string }, requestHeaders: Headers) => Promise<ShareOutcome>;
  /** The page's rate limit, keyed on the client (lib/ratelimit). */
  rateLimit?: (request: Request) => Promise<RateLimitOutcome>;
}

// The largest valid request (a 2 KB URL and 20 headers of 8 KB) fits well inside this.
const MAX_BODY_BYTES = 256 * 1024;

const BAD_JSON = 'The body must be JSON: {"url": "https://…", "headers": {}, "share": false}';

const error = (message: string, status: number, headers: Record<string, string> = {}) =>
  Response.json({ error: message } satisfies ApiError, { status, headers: { 'cache-control': 'no-store', ...headers } });

export function checkHandler(deps: CheckRouteDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const text = await readCapped(request, MAX_BODY_BYTES);
    if (text === undefined) return error(`The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`, 413);
    let body: unknown;
    try {
      body = JSON.parse(text);
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
    const result = await deps.check(input, request.headers);
    if (!result.ok) return error(result.error, result.status ?? 500, result.retryAfterS ? { 'retry-after': String(result.retryAfterS) } : {});
    const out: CheckApiResponse = { report: result.report, ...(result.signature !== undefined ? { signature: result.signature } : {}) };
    if (share) {
      const shared = await deps.share({ report: result.report, ...(result.signature !== undefined ? { signature: result.signature } : {}) }, request.headers);
      if (!shared.ok) return error(shared.error, shared.status, shared.retryAfterS ? { 'retry-after': String(shared.retryAfterS) } : {});
      out.shareUrl = new URL(shared.path, request.url).toString();
    }
    return Response.json(out, { headers: { 'cache-control': 'no-store' } });
  };
}
