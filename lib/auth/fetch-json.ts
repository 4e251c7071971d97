// Reading one metadata document: GET, classify the outcome, parse JSON, and validate members with
// zod at the boundary. Nothing here throws; every failure comes back as data.
import { z } from 'zod';
import type { Finding } from '../report/schema';
import type { AuthRevision } from './findings';
import type { TrailEntry } from '../report/auth';
import type { Endpoint } from './urls';

export type GetResult =
  | { ok: true; status: number; headers: Array<[string, string]>; text: string }
  | { ok: false; code: string; message: string };

export interface AuthDeps {
  /** One GET through lib/net (address policy, caps, timeouts). */
  get: (url: string, headers?: Record<string, string>) => Promise<GetResult>;
}

/** What the discovery stages share: the I/O, the rules in effect, and where results accumulate. */
export interface DiscoveryContext {
  deps: AuthDeps;
  revision: AuthRevision;
  endpoint: Endpoint;
  trail: TrailEntry[];
  findings: Finding[];
}

export type JsonFetch =
  | { kind: 'ok'; status: number; body: Record<string, unknown>; contentType: string | undefined; jsonContentType: boolean }
  | { kind: 'not-found'; status: number }
  | { kind: 'invalid'; status: number; reason: string }
  | { kind: 'error'; status?: number; reason: string };

const JsonObject = z.record(z.string(), z.unknown());

function header(headers: Array<[string, string]>, name: string): string | undefined {
  const want = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === want)?.[1];
}

/** `application/json`, optionally with parameters (RFC 9728 §3.2, RFC 8414 §3.2). */
function isJsonType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * GET a metadata URL. 404 and 410 count as "not found" so discovery moves on quietly; other
 * statuses are errors; a 200 must hold a JSON object (RFC 9728 §3.2, RFC 8414 §3.2). A wrong
 * Content-Type on an otherwise good JSON object is reported but the body is still returned, since
 * most clients parse it anyway and the checker can say more about it.
 */
export async function fetchJsonObject(deps: AuthDeps, url: string, headers: Record<string, string>): Promise<JsonFetch> {
  let res: GetResult;
  try {
    res = await deps.get(url, headers);
  } catch (err) {
    // deps.get should not throw, but a failure here must stay data (architecture: failures are data).
    return { kind: 'error', reason: `request failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!res.ok) return { kind: 'error', reason: `${res.code}: ${res.message}` };
  if (res.status === 404 || res.status === 410) return { kind: 'not-found', status: res.status };
  if (res.status !== 200) return { kind: 'error', status: res.status, reason: `HTTP ${res.status}, expected 200` };
  const contentType = header(res.headers, 'content-type');
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return { kind: 'invalid', status: res.status, reason: `body is not JSON (Content-Type: ${contentType ?? 'none'})` };
  }
  const object = JsonObject.safeParse(body);
  if (!object.success) return { kind: 'invalid', status: res.status, reason: 'body is JSON but not an object' };
  return {
    kind: 'ok',
    status: res.status,
    body: object.data,
    contentType,
    jsonContentType: isJsonType(contentType),
  };
}

/**
 * Validate the members of a document schema whose members are all optional. Members of the wrong
 * type are dropped and named in `wrongTypes`; unknown members are ignored.
 */
export function parseMembers<S extends z.ZodObject>(
  schema: S,
  body: Record<string, unknown>,
): { doc: z.output<S> | undefined; wrongTypes: string[] } {
  const first = schema.safeParse(body);
  if (first.success) return { doc: first.data, wrongTypes: [] };
  const wrong = new Set<string>();
  for (const issue of first.error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string') wrong.add(key);
  }
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !wrong.has(k)));
  const second = schema.safeParse(rest);
  return { doc: second.success ? second.data : undefined, wrongTypes: [...wrong] };
}
