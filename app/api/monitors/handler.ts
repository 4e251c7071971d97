// POST /api/monitors, GET/PATCH/DELETE /api/monitors/{id}. Thin: validation with the zod schemas of
// lib/monitor/api.ts, the address policy for both URLs, the rate limit, then the store.
import { z } from 'zod';
import { authorizeManage, createMonitor, deleteMonitor, updateMonitor } from '@/db/monitors';
import { appPolicy } from '@/lib/deps';
import { CreateMonitorRequest, PatchMonitorRequest, type MonitorResponse } from '@/lib/monitor/api';
import { checkWebhookUrl } from '@/lib/monitor/webhook';
import { checkUrl } from '@/lib/net/policy';
import { stripUrl } from '@/lib/report/sanitize';
import type { Decision } from '@/lib/ratelimit';
import { clientKey } from '@/lib/web/client-ip';
import { monitorConfig } from '@/app/monitor-config';
import { readCapped } from '@/app/read-body';
import { selfOriginsFrom } from '@/app/request-info';
import { loadMonitorView, toApi } from '@/app/m/view';

type Env = Record<string, string | undefined>;

export interface MonitorRouteDeps {
  env?: Env;
  rateLimit?: (headers: Headers) => Promise<Decision>;
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

function policyFor(request: Request, env: Env) {
  return appPolicy({ env, selfOrigins: selfOriginsFrom(request.headers) });
}

function bearer(request: Request): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9_-]{10,100})\s*$/i.exec(request.headers.get('authorization') ?? '');
  return m?.[1];
}

export function monitorHandlers(deps: MonitorRouteDeps = {}) {
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
    const policy = policyFor(request, e);
    // The same cut as a shared report: a key in the query string is not kept.
    const url = stripUrl(parsed.data.url).url;
    const target = checkUrl(url, policy);
    if (!target.ok) return error(target.message, 400);
    const webhookUrl = parsed.data.webhookUrl || undefined;
    if (webhookUrl) {
      const hook = checkWebhookUrl(webhookUrl, policy);
      if (!hook.ok) return error(hook.message, 400);
    }
    if (deps.rateLimit) {
      const limited = await deps.rateLimit(request.headers);
      if (!limited.ok) return error(limited.message, 429, { 'retry-after': String(limited.retryAfterS) });
    }
    const made = await createMonitor({ url, intervalS, ...(webhookUrl ? { webhookUrl } : {}), clientKey: clientKey(request.headers, e).key, maxPerClient: config.maxPerClient });
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
      const hook = checkWebhookUrl(parsed.data.webhookUrl, policyFor(request, e));
      if (!hook.ok) return error(hook.message, 400);
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
    const auth = await authorizeManage(id, bearer(request));
    if (auth.status === 'missing') return error('No monitor has this id.', 404);
    if (auth.status === 'forbidden') return error('Send the manage token: Authorization: Bearer <manageToken>.', 401, { 'www-authenticate': 'Bearer realm="monitor"' });
    await deleteMonitor(id);
    return new Response(null, { status: 204, headers: NO_STORE });
  }

  return { POST, GET, PATCH, DELETE };
}
