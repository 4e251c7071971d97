// "What to do": concrete next steps for the person who runs the server, one block per cause of a
// DOWN, WARN or AUTH verdict (and the CORS refusal, which only matters to browser clients). Pure:
// it reads a report and nothing else, so the page, a shared page and the CLI can all show it.
// The framework is named only when the answers say it (a header or the server's own name), never
// guessed from a hunch.
import type { Finding, HeaderList, Report, Step } from './schema';
import { isProbe } from './groups';

export interface Advice {
  /** Stable: tests and the page's anchors use it. */
  id: string;
  title: string;
  /** What happened, in one or two sentences. */
  what: string;
  /** Things to try, in order. */
  steps: string[];
  /** Where to read more (a spec section or an SDK's documentation). */
  link?: { href: string; label: string };
}

const T25 = 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports';

const header = (headers: HeaderList | undefined, name: string) => headers?.find(([k]) => k.toLowerCase() === name)?.[1];

/** What the answers say about the stack: a header such as X-Powered-By or Server, or nothing. */
export function recogniseFramework(report: Report): string | undefined {
  const heard = report.steps.flatMap((s) => (s.response ? [s.response.headers] : []));
  for (const h of heard) {
    const powered = header(h, 'x-powered-by')?.toLowerCase() ?? '';
    const server = header(h, 'server')?.toLowerCase() ?? '';
    if (powered.startsWith('next.js')) return 'Next.js';
    if (powered.startsWith('express')) return 'Express';
    if (server.startsWith('uvicorn')) return 'uvicorn (Python ASGI)';
    if (server === 'cloudflare' && header(h, 'cf-ray')) return 'Cloudflare';
    if (server.startsWith('nginx')) return 'nginx';
  }
  return undefined;
}

/** Framework-specific hint for where the MCP route usually lives, only for stacks we recognised. */
const ROUTE_HINT: Record<string, string> = {
  'Next.js': 'The answers come from Next.js (X-Powered-By): an MCP route usually lives at app/api/mcp/route.ts (or app/[transport]/route.ts), so the URL ends in /api/mcp or /mcp.',
  Express: 'The answers come from Express (X-Powered-By): check that the MCP handler is mounted with app.post("/mcp", …) (and app.get / app.delete for sessions) at the path you entered.',
  'uvicorn (Python ASGI)': 'The answers come from uvicorn: FastMCP serves Streamable HTTP at /mcp by default (mcp.run(transport="streamable-http")); a mounted app adds its mount path in front.',
  Cloudflare: 'The answers come through Cloudflare: on Workers, McpAgent.serve("/mcp") serves Streamable HTTP at /mcp (serveSSE("/sse") is the old transport).',
};

const BUFFER_HINT: Record<string, string> = {
  nginx: 'An nginx answered (Server header): turn off proxy_buffering for the MCP location, or send "X-Accel-Buffering: no" on event streams.',
  Cloudflare: 'Cloudflare is in front: make sure the route is not cached and event streams are not buffered.',
};

/** The step whose failure decided the verdict: the first core error, else any error. */
function decisiveStep(report: Report): Step | undefined {
  return report.steps.find((s) => s.status === 'error' && s.error && !isProbe(s)) ?? report.steps.find((s) => s.status === 'error' && s.error);
}

const has = (findings: Finding[], id: string, severity?: Finding['severity']) => findings.some((f) => f.id === id && (!severity || f.severity === severity));

function downAdvice(report: Report, framework: string | undefined): Advice[] {
  const step = decisiveStep(report);
  const code = step?.error?.code;
  const status = step?.response?.status;
  const contentType = (step?.response?.contentType ?? header(step?.response?.headers, 'content-type') ?? '').toLowerCase();
  const route = framework ? ROUTE_HINT[framework] : undefined;
  if (code === 'CONTENT_TYPE' && contentType.startsWith('text/html')) {
    return [
      {
        id: 'html-page',
        title: 'This URL is a website, not the MCP endpoint',
        what: 'The server answered the MCP request with an HTML page (a home page, a login page or a proxy page).',
        steps: [
          'Find the MCP endpoint: it is often the site\'s address followed by /mcp or /api/mcp (for example https://example.com/mcp).',
          'Look in the server\'s README or its MCP client settings ("url": …) for the exact URL, and check it again.',
          'If a login page answered, the endpoint is behind a browser login: MCP clients need a token (an Authorization header) instead.',
          ...(route ? [route] : []),
        ],
        link: { href: `${T25}#streamable-http`, label: 'Streamable HTTP: one endpoint that takes POST' },
      },
    ];
  }
  if (code === 'TIMEOUT') {
    return [
      {
        id: 'timeout',
        // Only claim a connection when the timing shows one.
        title: step?.timing?.connectMs !== undefined || step?.timing?.reused ? 'The server accepted the connection but never answered' : 'The server did not answer in time',
        what: step?.error?.message ?? 'No answer came back in time.',
        steps: [
          'Check the handler for the request that timed out (see the step): it must send a response, or open an event stream and send the response on it.',
          'A proxy that buffers streaming responses holds the answer back: turn buffering off for the MCP route.',
          'Look at the server\'s logs for this request: a crash after the connection was accepted looks like this too.',
          ...(framework && BUFFER_HINT[framework] ? [BUFFER_HINT[framework]] : []),
        ],
        link: { href: `${T25}#sending-messages-to-the-server`, label: 'Sending messages to the server' },
      },
    ];
  }
  if (code === 'HTTP_STATUS' && status === 406) {
    return [
      {
        id: 'accept-406',
        title: 'The server refuses the Accept header clients send',
        what: 'Clients send "Accept: application/json, text/event-stream" (the spec requires both), and the server answered 406 Not Acceptable.',
        steps: [
          'Accept a request whose Accept header lists both types; answer with either one.',
          'If a framework or proxy checks Accept strictly, loosen that check for the MCP route.',
          'Test with: curl -i -X POST -H "Accept: application/json, text/event-stream" -H "Content-Type: application/json" --data \'{"jsonrpc":"2.0","id":1,"method":"ping"}\' <your URL>',
        ],
        link: { href: `${T25}#sending-messages-to-the-server`, label: 'Sending messages to the server' },
      },
    ];
  }
  if (code === 'HTTP_STATUS' && (status === 404 || status === 405)) {
    return [
      {
        id: status === 404 ? 'not-found' : 'method-not-allowed',
        title: status === 404 ? 'Nothing answers at this path' : 'This path does not take POST',
        what:
          status === 404
            ? 'The server answered 404 Not Found to the MCP POST: the URL is not the MCP endpoint, or the route is not mounted.'
            : 'The server answered 405 Method Not Allowed to the MCP POST: this may be a web page, a health route, or the GET URL of the old HTTP+SSE transport.',
        steps: [
          'Check the path: MCP endpoints usually end in /mcp (sometimes /api/mcp, or /sse for the old transport).',
          'Make sure the route accepts POST (and GET and DELETE if it keeps sessions).',
          ...(route ? [route] : []),
        ],
        link: { href: `${T25}#streamable-http`, label: 'Streamable HTTP' },
      },
    ];
  }
  if (code === 'HTTP_STATUS' && status !== undefined && status >= 500) {
    return [
      {
        id: 'server-error',
        title: `The server failed (HTTP ${status})`,
        what: 'The request reached the server, and it failed while handling it.',
        steps: ['Look at the server\'s logs for this request (its time is in the step details).', 'Expand the step to see the exact request and reproduce it with Copy as curl.'],
      },
    ];
  }
  const net: Partial<Record<NonNullable<typeof code>, Omit<Advice, 'id'>>> = {
    DNS: { title: 'The name does not resolve', what: step?.error?.message ?? '', steps: ['Check the host name for typos.', 'If the server is new, its DNS record may not have spread yet; try again in a few minutes.'] },
    CONNECT: { title: 'Nothing accepts connections there', what: step?.error?.message ?? '', steps: ['Check that the server is running and listens on that port on a public interface.', 'Check firewalls and security groups for that port.'] },
    TLS: { title: 'The TLS handshake failed', what: step?.error?.message ?? '', steps: ['Check the certificate: valid, not expired, and issued for this host name, with the full chain served.'] },
    BLOCKED: {
      title: 'This address cannot be checked from here',
      what: step?.error?.message ?? '',
      steps: ['This site only contacts public addresses. Check a local or private server from your machine: npx mcp-health check <URL> (from a checkout of this project).'],
    },
    REDIRECT: { title: 'The redirect could not be followed', what: step?.error?.message ?? '', steps: ['Point clients at the final URL directly: MCP clients do not follow every redirect.'] },
  };
  if (code && net[code]) return [{ id: code.toLowerCase(), ...net[code]! }];
  if (code) {
    return [
      {
        id: 'not-mcp',
        title: 'The answer is not valid MCP',
        what: step?.error?.message ?? 'The server answered, but not with a JSON-RPC response clients can read.',
        steps: ['Expand the failed step to compare what was sent with what came back.', 'Each finding below names the rule and the fix.'],
      },
    ];
  }
  return [];
}

function partialAdvice(report: Report): Advice[] {
  if (report.era === 'http+sse') {
    return [
      {
        id: 'http-sse-only',
        title: 'Only the deprecated HTTP+SSE transport works',
        what: 'This server speaks the 2024-11-05 HTTP+SSE transport (GET a stream, POST to a second URL). Current clients connect with Streamable HTTP: one URL that takes POST.',
        steps: [
          'Add a Streamable HTTP endpoint (often /mcp) beside the old one; keep /sse for old clients while they move.',
          'With the TypeScript SDK: serve StreamableHTTPServerTransport instead of SSEServerTransport; the SDK documents the change.',
          'Publish the new URL to clients.',
        ],
        link: { href: 'https://modelcontextprotocol.io/specification/2025-03-26/basic/transports#backwards-compatibility', label: 'Backwards compatibility with HTTP+SSE' },
      },
    ];
  }
  const toolsStep = report.steps.find((s) => /^tools\/list/.test(s.name) && !isProbe(s) && s.status === 'error');
  const schemaRejected = report.findings.some((f) => f.id === 'S1' && f.severity === 'error');
  if (toolsStep || schemaRejected) {
    return [
      {
        id: 'tools-list-failed',
        title: 'The tool list cannot be read',
        what: toolsStep?.error?.message ?? 'tools/list answered, but its result does not match the schema clients parse it with.',
        steps: [
          'Return { "tools": [ … ] } with a name and an inputSchema ({"type": "object", …}) for every tool.',
          'The findings below name the first tool and field that are rejected.',
        ],
        link: { href: 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools#listing-tools', label: 'Listing tools' },
      },
    ];
  }
  if (report.tools.length === 0) {
    const advertised = report.capabilities ? Object.hasOwn(report.capabilities, 'tools') : undefined;
    return [
      {
        id: 'zero-tools',
        title: advertised === false ? 'The server lists no tools' : 'The server advertises tools but lists none',
        what: 'Clients connect, but there is nothing for a model to call.',
        steps: [
          'Register at least one tool before the server starts answering (for example server.registerTool(…) in the TypeScript SDK, @mcp.tool() in FastMCP).',
          'If tools depend on the caller, check the check ran with the credentials your users have.',
          ...(advertised === false ? ['Advertise the "tools" capability once you have tools.'] : []),
        ],
        link: { href: 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools', label: 'Tools' },
      },
    ];
  }
  return [];
}

/** One block per authorization problem the discovery trail found, plus how to get past the 401. */
function authAdvice(report: Report): Advice[] {
  const out: Advice[] = [
    {
      id: 'auth-token',
      title: 'Check it again with a token',
      what: 'The server needs credentials, as a protected server should. The rest of the check runs once a token is sent.',
      steps: ['Press "Get a token" to sign in through the server\'s authorization server, or "Paste a token" if you have one.', 'Then run the check again: the token is used for that check only and never stored.'],
    },
  ];
  const f = report.findings;
  if (has(f, 'A1')) {
    out.push({ id: 'auth-no-challenge', title: 'The 401 has no WWW-Authenticate header', what: 'Clients cannot tell how to sign in.', steps: ['Send WWW-Authenticate: Bearer resource_metadata="https://<your host>/.well-known/oauth-protected-resource" with every 401.'] });
  }
  if (has(f, 'A2', 'error') || has(f, 'A3') || has(f, 'A5')) {
    out.push({
      id: 'auth-prm',
      title: 'Clients cannot find the protected resource metadata',
      what: 'The metadata (RFC 9728) tells clients which authorization server issues tokens for this server.',
      steps: [
        'Serve a JSON document at /.well-known/oauth-protected-resource (plus the MCP path, e.g. /.well-known/oauth-protected-resource/mcp) with "resource" and "authorization_servers".',
        'Point to it from the 401: resource_metadata="…" in WWW-Authenticate.',
      ],
      link: { href: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#protected-resource-metadata-discovery-requirements', label: 'Protected resource metadata discovery' },
    });
  }
  if (has(f, 'A4', 'error')) {
    out.push({ id: 'auth-resource', title: 'The metadata names another resource', what: 'Clients refuse a token flow whose "resource" is not the URL they connect to.', steps: ['Set "resource" in the protected resource metadata to exactly the MCP URL.'] });
  }
  if (has(f, 'A8') || has(f, 'A9')) {
    out.push({
      id: 'auth-as-metadata',
      title: 'Clients cannot read the authorization server\'s metadata',
      what: 'Without it, clients do not know where to send people to sign in.',
      steps: ['Serve /.well-known/oauth-authorization-server (or /.well-known/openid-configuration) for the issuer, with "issuer" equal to the issuer URL.'],
      link: { href: 'https://datatracker.ietf.org/doc/html/rfc8414#section-3', label: 'RFC 8414 §3' },
    });
  }
  if (has(f, 'A10', 'error') || has(f, 'A11') || has(f, 'A12', 'error')) {
    out.push({ id: 'auth-flow', title: 'Clients cannot run the sign-in flow safely', what: 'MCP clients require PKCE with S256 over https and the authorization code flow.', steps: ['Advertise code_challenge_methods_supported: ["S256"], response_types_supported: ["code"], and serve every endpoint over https.'] });
  }
  if (has(f, 'A13')) {
    out.push({ id: 'auth-registration', title: 'New clients cannot register', what: 'Only clients you registered in advance can sign in.', steps: ['Support client ID metadata documents, or offer a registration_endpoint (dynamic client registration).'] });
  }
  return out;
}

function corsAdvice(report: Report): Advice[] {
  if (!has(report.findings, 'C1')) return [];
  return [
    {
      id: 'cors-refused',
      title: 'Browser clients are refused (CORS)',
      what: 'The CORS preflight was refused. This only matters for MCP clients that run in a web page; desktop and server clients are not affected.',
      steps: [
        'If you want browser clients: answer OPTIONS on the endpoint with 2xx, Access-Control-Allow-Origin, and Access-Control-Allow-Headers listing the MCP headers (Authorization, Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method).',
        'Expose Mcp-Session-Id and WWW-Authenticate with Access-Control-Expose-Headers.',
      ],
      link: { href: 'https://fetch.spec.whatwg.org/#http-cors-protocol', label: 'The CORS protocol' },
    },
  ];
}

/** What to do, for the verdict this report has; empty for a GOOD report with nothing to fix. */
export function adviceFor(report: Report): Advice[] {
  const framework = recogniseFramework(report);
  switch (report.verdict) {
    case 'unreachable':
      return downAdvice(report, framework);
    case 'partial':
      return [...partialAdvice(report), ...corsAdvice(report)];
    case 'auth-required':
      return authAdvice(report);
    case 'healthy':
      return corsAdvice(report);
  }
}
