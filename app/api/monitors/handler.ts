// POST /api/monitors, GET/PATCH/DELETE /api/monitors/{id}. Thin: validation with the zod schemas of
// lib/monitor/api.ts, then the app's one guard (lib/guard: cross-site refusal, the 'monitor' rate
// limit, the address policy for the server and the webhook), then the store.
import { z } from 'zod';
import { authorizeManage, createMonitor, deleteMonitor, updateMonitor } from '@/db/monitors';
import { CreateMonitorRequest, PatchMonitorRequest, type MonitorResponse } from '@/lib/monitor/api';
import { checkWebhookUrl } from '@/lib/monitor/webhook';
import type { Admitted, Guard, Refusal } from '@/lib/guard/guard';
import { judgeTarget } from '@/lib/net/target';
import { stripUrl } from '@/lib/report/sanitize';
import { monitorConfig } from '@/app/monitor-config';
import { readCapped } from '@/app/read-body';
import { loadMonitorView, toApi } from '@/app/m/view';

type Env = Record<string, string | undefined>;

export interface MonitorRouteDeps {
  /** The app's guard (app/guard.ts); tests pass one built from their own environment. */
  guard: () => Guard;
  env?: Env;
}

const MAX_BODY = 16 * 1024;
const NO_STORE = { 'cache-control': 'no-store' };

const error = (message: string, status: number, headers: Record<string, string> = {}) => Response.json({ error: message }, { status, headers: { ...NO_STORE, ...headers } });

async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const text = await readCapped(request, MAX_BODY);
  if (text === undefined) return { ok: false, response: error(`The request body is larger than ${MAX_BODY / 1024} KB.`, 413) };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: error('The body must be JSON: {"url": "https://…", "intervalSeconds": 900, "webhookUrl": "https://…"}', 400) };
  }
}

const firstIssue = (e: z.ZodError) => {
  const i = e.issues[0];
  return i ? `${i.path.length ? `"${i.path.join('.')}": ` : ''}${i.message}` : 'Invalid input.';
};

function intervalError(s: number, env: Env): string | undefined {
  const c = monitorConfig(env);
  if (s < c.minIntervalS) return `The interval must be at least ${c.minIntervalS} seconds on this app.`;
  if (s > c.maxIntervalS) return `The interval must be at most ${c.maxIntervalS} seconds (7 days).`;
  return undefined;
}

const refused = (r: Refusal) => error(r.error, r.status, r.retryAfterS ? { 'retry-after': String(r.retryAfterS) } : {});

/** A webhook is one more outbound target: the same address policy as the check, DNS included. */
async function webhookRefusal(url: string, admitted: Admitted): Promise<Response | undefined> {
  const shape = checkWebhookUrl(url, admitted.policy);
  if (!shape.ok) return error(shape.message, 400);
  const v = await judgeTarget(url, admitted.policy);
  return v.ok ? undefined : error(`Webhook refused: ${v.message}`, 400);
}

function bearer(request: Request): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9_-]{10,100})\s*$/i.exec(request.headers.get('authorization') ?? '');
  return m?.[1];
}

export function monitorHandlers(deps: MonitorRouteDeps) {
  const env = () => deps.env ?? process.env;

  async function POST(request: Request): Promise<Response> {
    const read = await readJson(request);
    if (!read.ok) return read.response;
    const parsed = CreateMonitorRequest.safeParse(read.body);
    if (!parsed.success) return error(firstIssue(parsed.error), 400);
    if (read.body && typeof read.body === 'object' && 'headers' in read.body) {
      return error('Monitors do not take headers: credentials are never stored. A protected server is watched up to its auth surface (the 401 challenge and its metadata).', 400);
    }
    const e = env();
    const config = monitorConfig(e);
    const intervalS = parsed.data.intervalSeconds ?? config.defaultIntervalS;
    const bad = intervalError(intervalS, e);
    if (bad) return error(bad, 400);
    // The same cut as a shared report: a key in the query string is not kept.
    const url = stripUrl(parsed.data.url).url;
    const admitted = await deps.guard().admit(request, 'monitor');
    if (!admitted.ok) return refused(admitted);
    const closed = await deps.guard().target(url, admitted);
    if (closed) return refused(closed);
    const webhookUrl = parsed.data.webhookUrl || undefined;
    if (webhookUrl) {
      const no = await webhookRefusal(webhookUrl, admitted);
      if (no) return no;
    }
    const made = await createMonitor({ url, intervalS, ...(webhookUrl ? { webhookUrl } : {}), clientKey: admitted.client, maxPerClient: config.maxPerClient });
    if (!made.ok) return error(made.message, made.reason === 'limit' ? 429 : 503);
    const origin = new URL(request.url).origin;
    const id = made.monitor.id;
    return Response.json(
      {
        id,
        statusUrl: `${origin}/m/${id}`,
        badgeUrl: `${origin}/m/${id}/badge.svg`,
        manageToken: made.manageToken,
        manageUrl: `${origin}/m/${id}/manage#${made.manageToken}`,
        intervalSeconds: intervalS,
      },
      { status: 201, headers: { ...NO_STORE, location: `${origin}/api/monitors/${id}` } },
    );
  }

  async function GET(request: Request, id: string): Promise<Response> {
    const view = await loadMonitorView(id).catch(() => null);
    if (view === null) return error('Monitors are unavailable: the database cannot be reached right now.', 503);
    if (!view) return error('No monitor has this id.', 404);
    const body: MonitorResponse = toApi(view, new URL(request.url).origin);
    return Response.json(body, { headers: NO_STORE });
  }

  async function PATCH(request: Request, id: string): Promise<Response> {
    const cross = deps.guard().crossSite(request);
    if (cross) return refused(cross);
    const auth = await authorizeManage(id, bearer(request));
    if (auth.status === 'missing') return error('No monitor has this id.', 404);
    if (auth.status === 'forbidden') return error('Send the manage token: Authorization: Bearer <manageToken>.', 401, { 'www-authenticate': 'Bearer realm="monitor"' });
    const read = await readJson(request);
    if (!read.ok) return read.response;
    const parsed = PatchMonitorRequest.safeParse(read.body);
    if (!parsed.success) return error(firstIssue(parsed.error), 400);
    const e = env();
    if (parsed.data.intervalSeconds !== undefined) {
      const bad = intervalError(parsed.data.intervalSeconds, e);
      if (bad) return error(bad, 400);
    }
    if (parsed.data.webhookUrl) {
      // A new webhook target is new outbound work: admitted (and counted) like a new monitor.
      const admitted = await deps.guard().admit(request, 'monitor');
      if (!admitted.ok) return refused(admitted);
      const no = await webhookRefusal(parsed.data.webhookUrl, admitted);
      if (no) return no;
    }
    const { intervalSeconds, paused, webhookUrl } = parsed.data;
    await updateMonitor(id, {
      ...(intervalSeconds !== undefined ? { intervalS: intervalSeconds } : {}),
      ...(paused !== undefined ? { paused } : {}),
      ...(webhookUrl !== undefined ? { webhookUrl: webhookUrl || null } : {}),
    });
    return GET(request, id);
  }

  async function DELETE(request: Request, id: string): Promise<Response> {
    const cross = deps.guard().crossSite(request);
    if (cross) return refused(cross);
    const auth = await authorizeManage(id, bearer(request));
    if (auth.status === 'missing') return error('No monitor has this id.', 404);
    if (auth.status === 'forbidden') return error('Send the manage token: Authorization: Bearer <manageToken>.', 401, { 'www-authenticate': 'Bearer realm="monitor"' });
    await deleteMonitor(id);
    return new Response(null, { status: 204, headers: NO_STORE });
  }

  return { POST, GET, PATCH, DELETE };
}
