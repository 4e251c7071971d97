// GET /sandbox: the document an MCP Apps view runs in. The page frames it with
// sandbox="allow-scripts" and no allow-same-origin, so the view gets an opaque origin of its own:
// no cookies, no storage and no DOM of this app, and its messages are told apart by their source
// window. This response carries the view's CSP (lib/web/app-csp.ts, from the domains the ui://
// resource declared, passed in `csp`) as a header, so nothing the view's HTML says can loosen it.
// The loader plays the extension's sandbox proxy
// (https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#sandbox-proxy):
// it says sandbox-proxy-ready, takes the HTML from sandbox-resource-ready and writes it into this
// same document, which then talks to the host directly.
import { appViewCsp, type DeclaredCsp } from '@/lib/web/app-csp';

export const dynamic = 'force-dynamic';

const LOADER = `<!doctype html><html><head><meta charset="utf-8"><title>MCP Apps view</title></head><body><script>
(function () {
  var host = window.parent;
  function onMessage(e) {
    if (e.source !== host) return;
    var d = e.data;
    if (!d || d.method !== 'ui/notifications/sandbox-resource-ready' || !d.params || typeof d.params.html !== 'string') return;
    window.removeEventListener('message', onMessage);
    document.open();
    document.write(d.params.html);
    document.close();
  }
  window.addEventListener('message', onMessage);
  host.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/sandbox-proxy-ready', params: {} }, '*');
})();
</script></body></html>`;

function declared(param: string | null): DeclaredCsp {
  if (!param || param.length > 8192) return {};
  try {
    const v = JSON.parse(Buffer.from(param, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as DeclaredCsp) : {};
  } catch {
    return {};
  }
}

export function GET(request: Request): Response {
  const csp = appViewCsp(declared(new URL(request.url).searchParams.get('csp')));
  return new Response(LOADER, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      // Framed by this app only (the rest of the app sends DENY).
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'no-store',
    },
  });
}
