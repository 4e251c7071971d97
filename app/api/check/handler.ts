// POST /api/check, with its collaborators passed in so a unit test can drive the whole route
// (cross-site refusal, validation, rate limit, address policy, share flow) without a server, a
// database or a network. Everything before the engine is the guard's (lib/guard): this door only
// speaks HTTP.
import { parseCheckApiRequest, type ApiError, type CheckApiResponse } from '@/lib/api';
import type { Guard } from '@/lib/guard/guard';
import { readCapped } from '@/app/read-body';
import type { Report } from '@/lib/report/schema';
import { streamCheck, wantsStream, type Finish } from './stream';

export type ShareOutcome = { ok: true; path: string } | { ok: false; status: 403 | 413 | 429 | 503; error: string; retryAfterS?: number };

export interface CheckRouteDeps {
  /** The app's guard (app/guard.ts); a function so the route module builds nothing when imported. */
  guard: () => Guard;
  /** Store the report as the Share button does; `path` is the share page, e.g. /r/{id}. */
  share: (checked: { report: Report; signature: string }, requestHeaders: Headers) => Promise<ShareOutcome>;
}

// The largest valid request (a 2 KB URL and 20 headers of 8 KB) fits well inside this.
const MAX_BODY_BYTES = 256 * 1024;

const BAD_JSON = 'The body must be JSON: {"url": "https://…", "headers": {}, "share": false}';

const error = (body: ApiError, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

const retryAfter = (s: number | undefined): Record<string, string> => (s ? { 'retry-after': String(s) } : {});

/**
 * application/json or another JSON type (RFC 6839 +json). A browser on another site can only send
 * a body without a CORS preflight as text/plain, form-urlencoded or multipart
 * (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), so requiring JSON keeps such
 * "simple" requests out even when a browser sends neither Origin nor Sec-Fetch-Site.
 */
function isJson(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export function checkHandler(deps: CheckRouteDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const guard = deps.guard();
    const crossSite = guard.crossSite(request);
    if (crossSite) return error({ error: crossSite.error }, crossSite.status);
    if (!isJson(request.headers.get('content-type'))) return error({ error: `Send the body as Content-Type: application/json. ${BAD_JSON}` }, 415);
    const text = await readCapped(request, MAX_BODY_BYTES);
    if (text === undefined) return error({ error: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.` }, 413);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return error({ error: BAD_JSON }, 400);
    }
    const parsed = parseCheckApiRequest(body);
    if (!parsed.ok) return error({ error: parsed.error, ...(parsed.field ? { field: parsed.field } : {}) }, 400);
    const { share, ...input } = parsed.value;
    const finish: Finish = async (result) => {
      const out: CheckApiResponse = { report: result.report, signature: result.signature };
      if (share) {
        const shared = await deps.share({ report: result.report, signature: result.signature }, request.headers);
        if (!shared.ok) return shared;
        out.shareUrl = new URL(shared.path, request.url).toString();
      }
      return { ok: true, body: out };
    };
    const result = wantsStream(request) ? await streamCheck(guard, request, input, finish) : await guard.check(request, input);
    if (result instanceof Response) return result;
    if (!result.ok) return error({ error: result.error, ...(result.field ? { field: result.field } : {}) }, result.status, retryAfter(result.retryAfterS));
    const finished = await finish(result);
    if (!finished.ok) return error({ error: finished.error }, finished.status, retryAfter(finished.retryAfterS));
    return Response.json(finished.body, { headers: { 'cache-control': 'no-store' } });
  };
}
