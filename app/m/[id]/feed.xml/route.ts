import { getMonitor, listEvents } from '@/db/monitors';
import { siteBase } from '@/app/r/shared';

export const dynamic = 'force-dynamic';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GET /m/{id}/feed.xml: the monitor's verdict changes and drift as an Atom feed (RFC 4287, https://www.rfc-editor.org/rfc/rfc4287). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const m = await getMonitor(id).catch(() => null);
  if (m === null) return new Response('Monitors are unavailable right now.', { status: 503, headers: { 'cache-control': 'no-store' } });
  if (!m) return new Response('No monitor has this id.', { status: 404, headers: { 'cache-control': 'no-store' } });
  const events = await listEvents(id, { limit: 50 });
  const base = (siteBase(request.headers)?.toString() ?? new URL(request.url).origin).replace(/\/$/, '');
  const page = `${base}/m/${id}`;
  const updated = (events[0]?.at ?? m.createdAt).toISOString();
  const entries = events
    .map((e) => {
      const changes = (e.detail as { changes?: { text: string }[] } | null)?.changes;
      const body = changes?.length ? changes.map((c) => c.text).join('\n') : e.title;
      return `<entry><id>urn:mcp-health:monitor:${id}:event:${e.id}</id><title>${esc(`${e.security ? '[security] ' : ''}${e.title}`)}</title><updated>${e.at.toISOString()}</updated><link href="${esc(page)}"/><category term="${e.kind}"/><content type="text">${esc(body)}</content></entry>`;
    })
    .join('');
  const xml = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:mcp-health:monitor:${id}</id><title>${esc(`MCP health: ${m.url}`)}</title><updated>${updated}</updated><link rel="alternate" href="${esc(page)}"/><link rel="self" href="${esc(`${page}/feed.xml`)}"/><author><name>MCP Health Check</name></author>${entries}</feed>`;
  return new Response(xml, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=60' } });
}
