'use client';
// An MCP Apps view, rendered the way a host does
// (https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#lifecycle):
// a sandboxed iframe (scripts only: no same-origin, no forms, no popups, no top navigation) loading
// /sandbox, which carries the view's CSP. The host side here answers ui/initialize, then sends the
// call's arguments (ui/notifications/tool-input) and result (ui/notifications/tool-result). It
// proxies nothing: a view's own tools/call, resources/read, ui/open-link or ui/message get an
// error saying so, because this checker shows one call and has no model to talk to.
import { useEffect, useRef, useState } from 'react';
import type { CallApp, ToolCall } from '@/lib/report/call';
import type { Tool } from '@/lib/report/schema';

type Msg = { jsonrpc?: unknown; id?: string | number; method?: unknown; params?: unknown };

const APPS_VERSION = '2026-01-26';

function cspParam(csp: CallApp['csp']): string {
  if (!csp) return '';
  const bytes = new TextEncoder().encode(JSON.stringify(csp));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `?csp=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export function AppFrame({ app, call, tool }: { app: CallApp & { html: string }; call: ToolCall; tool: Tool | undefined }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(240);
  const [log, setLog] = useState<string[]>([]);

  useEffect(() => {
    const target = () => frame.current?.contentWindow ?? null;
    // The view's origin is opaque ("null"), so messages go to "*" and come back checked by window.
    const send = (m: Record<string, unknown>) => target()?.postMessage({ jsonrpc: '2.0', ...m }, '*');
    const note = (s: string) => setLog((l) => (l.length < 30 ? [...l, s.slice(0, 200)] : l));
    const onMessage = (e: MessageEvent) => {
      if (e.source === null || e.source !== target()) return;
      const m = e.data as Msg;
      if (!m || typeof m !== 'object' || m.jsonrpc !== '2.0' || typeof m.method !== 'string') return;
      const isRequest = m.id !== undefined;
      switch (m.method) {
        case 'ui/notifications/sandbox-proxy-ready':
          send({ method: 'ui/notifications/sandbox-resource-ready', params: { html: app.html, ...(app.csp ? { csp: app.csp } : {}) } });
          return;
        case 'ui/initialize': {
          const dark = document.documentElement.dataset.theme === 'dark' || (!document.documentElement.dataset.theme && matchMedia('(prefers-color-scheme: dark)').matches);
          send({
            id: m.id,
            result: {
              protocolVersion: APPS_VERSION,
              hostInfo: { name: 'mcp-health', version: '0.1.0' },
              hostCapabilities: {},
              hostContext: {
                theme: dark ? 'dark' : 'light',
                displayMode: 'inline',
                availableDisplayModes: ['inline'],
                platform: 'web',
                ...(tool ? { toolInfo: { tool } } : {}),
              },
            },
          });
          return;
        }
        case 'ui/notifications/initialized':
          send({ method: 'ui/notifications/tool-input', params: { arguments: call.arguments } });
          send({
            method: 'ui/notifications/tool-result',
            params: { content: call.content ?? [], ...(call.structuredContent !== undefined ? { structuredContent: call.structuredContent } : {}), ...(call.isError !== undefined ? { isError: call.isError } : {}) },
          });
          note('view initialized; tool input and result sent');
          return;
        case 'ui/notifications/size-changed': {
          const h = (m.params as { height?: unknown } | undefined)?.height;
          if (typeof h === 'number' && Number.isFinite(h)) setHeight(Math.min(1200, Math.max(60, Math.ceil(h))));
          return;
        }
        case 'notifications/message':
          note(`log: ${JSON.stringify((m.params as { data?: unknown } | undefined)?.data ?? m.params).slice(0, 160)}`);
          return;
        case 'ping':
          if (isRequest) send({ id: m.id, result: {} });
          return;
        default:
          if (isRequest) {
            note(`the view asked for ${m.method}: not provided here`);
            send({ id: m.id, error: { code: -32601, message: `mcp-health does not provide ${m.method} to views: it shows the result of one call, with no model and no further calls.` } });
          }
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [app, call, tool]);

  return (
    <div className="app-view">
      <iframe
        ref={frame}
        title={`MCP Apps view ${app.uri}`}
        src={`/sandbox${cspParam(app.csp)}`}
        sandbox="allow-scripts"
        referrerPolicy="no-referrer"
        style={{ height }}
        className={app.prefersBorder === false ? 'borderless' : undefined}
      />
      {log.length ? (
        <ul className="small muted app-log" aria-label="What the view did">
          {log.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
