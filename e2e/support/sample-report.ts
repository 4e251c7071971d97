// A realistic legacy-era report for unit tests (sanitize, sign, store). Not used by the app.
import { REPORT_SCHEMA_VERSION, type Report } from '@/lib/report/schema';

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    url: 'https://mcp.example.com/mcp',
    checkedAt: '2026-01-10T12:00:00.000Z',
    durationMs: 412,
    verdict: 'healthy',
    summary: 'Healthy: 2 tools, 2025-11-25.',
    era: 'legacy',
    protocolVersion: '2025-11-25',
    supportedVersions: ['2025-11-25'],
    serverInfo: { name: 'example-server', version: '1.2.3' },
    capabilities: { tools: {} },
    session: { issued: true, id: 'sess-6f1c2a9b7d', ended: 'ended' },
    steps: [
      {
        id: 'initialize',
        name: 'initialize',
        era: 'legacy',
        status: 'ok',
        startMs: 0,
        latencyMs: 120,
        notes: 'example-server 1.2.3',
        request: {
          method: 'POST',
          url: 'https://mcp.example.com/mcp',
          headers: [
            ['content-type', 'application/json'],
            ['accept', 'application/json, text/event-stream'],
            ['Authorization', 'Bearer ••••••'],
          ],
          body: '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}',
        },
        response: {
          status: 200,
          headers: [
            ['content-type', 'application/json'],
            ['mcp-session-id', 'sess-6f1c2a9b7d'],
            ['set-cookie', 'sid=c00k1e-v4lue-123; Path=/; HttpOnly'],
          ],
          contentType: 'application/json',
          body: '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","serverInfo":{"name":"example-server","version":"1.2.3"}}}',
          truncated: false,
        },
      },
      {
        id: 'tools/list',
        name: 'tools/list',
        era: 'legacy',
        status: 'ok',
        startMs: 130,
        latencyMs: 80,
        notes: '2 tools',
        request: {
          method: 'POST',
          url: 'https://mcp.example.com/mcp',
          headers: [
            ['content-type', 'application/json'],
            ['mcp-session-id', 'sess-6f1c2a9b7d'],
            ['mcp-protocol-version', '2025-11-25'],
          ],
          body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}',
        },
        response: {
          status: 200,
          headers: [['content-type', 'text/event-stream']],
          contentType: 'text/event-stream',
          body: 'event: message\ndata: {"jsonrpc":"2.0","id":2,"result":{"tools":[]}}\n\n',
          truncated: false,
          sse: [{ event: 'message', data: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}' }],
        },
      },
    ],
    tools: [
      { name: 'search', description: 'Search the docs', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } },
      { name: 'fetch', description: 'Fetch a page', annotations: { readOnlyHint: true } },
    ],
    findings: [{ id: 'L4', severity: 'warning', message: 'ping is not answered', stepId: 'tools/list' }],
    ...overrides,
  };
}
