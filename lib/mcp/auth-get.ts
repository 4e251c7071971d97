// The GETs of authorization discovery go through the check's outbound handle (lib/net), with the
// same address policy, caps and deadline as the MCP requests. Each one is recorded as a step of the
// OAuth trail (group `auth`), exactly as sent and received; labelAuthSteps names them once
// discovery has said what each URL was for.
import type { GetResult } from '../auth/discovery';
import type { TrailEntry } from '../report/auth';
import type { Step } from '../report/schema';
import { elapsed, type CheckContext } from './exchange';
import { readText } from '../net/text';
import { headerValue } from '../net/headers';

const MAX_METADATA_BYTES = 256 * 1024;
/** The recorded copy of a metadata document; discovery reads the whole one. */
const MAX_RECORDED_BYTES = 32 * 1024;

export function authGet(ctx: CheckContext) {
  let n = 0;
  return async (url: string, headers: Record<string, string> = {}): Promise<GetResult> => {
    // No credentials go to metadata URLs: they may be on other hosts than the MCP server.
    const sent = { accept: 'application/json', ...headers };
    const startMs = elapsed(ctx);
    const step: Step = {
      id: `auth/metadata#${++n}`,
      name: 'metadata',
      group: 'auth',
      status: 'info',
      startMs,
      latencyMs: 0,
      notes: '',
      request: { method: 'GET', url, headers: Object.entries(sent) },
    };
    ctx.steps.push(step);
    const done = (result: GetResult, timing?: Step['timing']): GetResult => {
      step.latencyMs = Math.round((elapsed(ctx) - startMs) * 10) / 10;
      if (timing) step.timing = { ...timing, totalMs: step.latencyMs };
      if (!result.ok) {
        step.status = 'error';
        step.notes = result.message;
      }
      return result;
    };
    const r = await ctx.outbound({ method: 'GET', url, headers: sent, timeoutMs: ctx.stepTimeoutMs, signal: ctx.signal });
    if (!r.ok) return done({ ok: false, code: r.error.code, message: r.error.message }, r.timing);
    const res = r.response;
    const read = await readText(res, MAX_METADATA_BYTES);
    const contentType = headerValue(res.headers, 'content-type');
    if (!read.ok) {
      step.response = { status: res.status, headers: res.headers, body: '', truncated: true };
      return done(
        read.code === 'TOO_LARGE'
          ? { ok: false, code: 'TOO_LARGE', message: `The metadata document is larger than ${MAX_METADATA_BYTES / 1024} KB.` }
          : { ok: false, code: 'NETWORK', message: 'The connection broke while the metadata document was being read.' },
        res.timing,
      );
    }
    // Interpreted raw; the report's copy is masked with the rest at the end (lib/report/redact-report.ts).
    const text = read.text;
    step.response = {
      status: res.status,
      headers: res.headers,
      ...(contentType ? { contentType } : {}),
      body: text.slice(0, MAX_RECORDED_BYTES),
      truncated: text.length > MAX_RECORDED_BYTES,
    };
    return done({ ok: true, status: res.status, headers: res.headers, text }, res.timing);
  };
}

const PURPOSE: Record<TrailEntry['purpose'], string> = {
  prm: 'resource metadata',
  'as-metadata': 'authorization server metadata',
  'legacy-as-metadata': '2025-03-26 metadata',
};

const STATUS: Record<TrailEntry['outcome'], Step['status']> = {
  ok: 'ok',
  // A miss is how discovery moves on to the next URL in the spec's order, not a failure.
  'not-found': 'info',
  invalid: 'warn',
  error: 'warn',
};

/** Name each recorded metadata step after what discovery used its URL for, in the order tried. */
export function labelAuthSteps(steps: Step[], trail: readonly TrailEntry[]): void {
  const open = steps.filter((s) => s.group === 'auth' && s.id.startsWith('auth/metadata#'));
  for (const t of trail) {
    const i = open.findIndex((s) => s.request?.url === t.url);
    const step = i === -1 ? undefined : open.splice(i, 1)[0];
    if (step === undefined) continue;
    step.name = PURPOSE[t.purpose];
    if (step.status !== 'error') step.status = STATUS[t.outcome];
    step.notes = t.note;
  }
}

/** The first page of the tool listing, in either era (legacy.ts and modern.ts step ids). */
const TOOL_LISTING = new Set(['tools/list', 'tools/list (modern)']);

/**
 * Step-up (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#runtime-insufficient-scope-errors):
 * the handshake got in, but the tool listing was refused with a 401, or a 403 with a Bearer
 * challenge (RFC 6750 §3.1 insufficient_scope). That listing's step, or undefined.
 */
export function refusedListing(steps: readonly Step[]): Step | undefined {
  return steps.find((s) => {
    if (s.group === 'probe' || !TOOL_LISTING.has(s.id) || s.response === undefined) return false;
    if (s.response.status === 401) return true;
    const challenge = s.response.headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v).join(', ');
    return s.response.status === 403 && /(^|[\s,])bearer(\s|$)/i.test(challenge);
  });
}
