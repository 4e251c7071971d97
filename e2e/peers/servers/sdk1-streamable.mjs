// @modelcontextprotocol/sdk 1.x: McpServer + StreamableHTTPServerTransport with
// sessions, wired like the SDK's own examples (createMcpExpressApp, one
// transport per session). `--json` sets enableJsonResponse: true.
// Usage: node sdk1-streamable.mjs [--json] [--tools=N]
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { announce, exitWithParent, toolCount, toolSpecs } from './_common.mjs';
import { makeSdk1Server } from './_sdk1.mjs';

exitWithParent();
const json = process.argv.includes('--json');
const tools = toolSpecs(toolCount());

const makeServer = () => makeSdk1Server(json ? 'peer-sdk1-json' : 'peer-sdk1-sse', tools);

const transports = new Map();
const app = createMcpExpressApp({ host: '127.0.0.1' });

app.post('/mcp', async (req, res) => {
  const sid = req.headers['mcp-session-id'];
  const existing = typeof sid === 'string' ? transports.get(sid) : undefined;
  if (existing !== undefined) {
    await existing.handleRequest(req, res, req.body);
    return;
  }
  if (sid === undefined && isInitializeRequest(req.body)) {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: json,
      onsessioninitialized: (id) => transports.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) transports.delete(transport.sessionId);
    };
    await makeServer().connect(transport);
    await transport.handleRequest(req, res, req.body);
    return;
  }
  if (sid !== undefined) {
    res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
    return;
  }
  res.status(400).json({
    jsonrpc: '2.0',
    error: { code: -32000, message: 'Bad Request: No valid session ID provided' },
    id: null,
  });
});

// GET (standalone stream) and DELETE (end session) go to the session's transport.
const sessionRequest = async (req, res) => {
  const sid = req.headers['mcp-session-id'];
  const transport = typeof sid === 'string' ? transports.get(sid) : undefined;
  if (transport === undefined) {
    res.status(400).send('Invalid or missing session ID');
    return;
  }
  await transport.handleRequest(req, res);
};
app.get('/mcp', sessionRequest);
app.delete('/mcp', sessionRequest);

const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) throw err;
  announce(server);
});
