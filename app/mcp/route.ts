// The web app's own MCP endpoint: POST/GET/DELETE /mcp over Streamable HTTP, both eras (the SDK's
// createMcpHandler serves 2026-07-28 and, statelessly, the 2025 revisions), the checker's tools on
// the same engine and through the same door policy as the page and POST /api/check.
// Transport: https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http
import { createMcpHandler } from '@modelcontextprotocol/server';
import { appGuard } from '@/app/guard';
import { getReport } from '@/db/store';
import { createCheckerServer, type CheckerServerDeps } from '@/lib/mcp-server/server';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

async function sharedReport(id: string): ReturnType<NonNullable<CheckerServerDeps['getReport']>> {
  const found = await getReport(id);
  switch (found.status) {
    case 'found':
      return { ok: true, report: found.report };
    case 'expired':
      return { ok: false, error: `This shared report expired on ${found.expiresAt.toISOString()}.` };
    case 'missing':
      return { ok: false, error: 'No shared report has this id.' };
    case 'unreadable':
      return { ok: false, error: 'This shared report was stored by an older version and can no longer be read.' };
    case 'unavailable':
      return { ok: false, error: 'Shared reports are unavailable right now: the report database cannot be reached.' };
  }
}

const handler = createMcpHandler(
  ({ requestInfo }) =>
    createCheckerServer({
      version: pkg.version,
      async check(url, headers) {
        // The one guard every door uses: the caller's identity and rate limit, the input schema,
        // the address policy with the app's own origins (no self-targeting).
        const result = await appGuard().check({ headers: requestInfo?.headers ?? new Headers() }, { url, headers });
        return result.ok ? { ok: true, report: result.report } : { ok: false, error: result.error };
      },
      getReport: sharedReport,
    }),
  { legacy: 'stateless' },
);

/**
 * Servers MUST validate Origin against DNS rebinding
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#security-warning):
 * a browser on another site gets 403 before anything is parsed; scripts and CLIs send no Origin.
 */
async function serve(request: Request): Promise<Response> {
  const refused = appGuard().crossSite(request);
  if (refused) return Response.json({ jsonrpc: '2.0', id: null, error: { code: -32000, message: refused.error } }, { status: 403 });
  return handler.fetch(request);
}
export { serve as GET, serve as POST, serve as DELETE };
