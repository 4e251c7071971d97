// @modelcontextprotocol/sdk 1.x deprecated SSEServerTransport: the 2024-11-05
// HTTP+SSE transport. GET /sse opens the stream (first event `endpoint` names
// /messages?sessionId=…); client messages are POSTed there and answered on the
// stream. Usage: node sdk1-httpsse.mjs [--tools=N]
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { announce, exitWithParent, toolCount, toolSpecs } from './_common.mjs';

exitWithParent();
const tools = toolSpecs(toolCount());

function makeServer() {
  const server = new McpServer({ name: 'peer-sdk1-httpsse', version: '1.0.0' });
  for (const t of tools) {
    server.registerTool(
      t.name,
      { title: t.title, description: t.description, inputSchema: t.shape, annotations: t.annotations },
      async (args) => t.run(args),
    );
  }
  if (tools.length === 0) {
    server.registerTool('placeholder', { description: 'removed at once' }, async () => ({ content: [] })).remove();
  }
  return server;
}

const transports = new Map();
const app = createMcpExpressApp({ host: '127.0.0.1' });

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  transports.set(transport.sessionId, transport);
  transport.onclose = () => transports.delete(transport.sessionId);
  await makeServer().connect(transport);
});

app.post('/messages', async (req, res) => {
  const sid = req.query.sessionId;
  if (typeof sid !== 'string') {
    res.status(400).send('Missing sessionId parameter');
    return;
  }
  const transport = transports.get(sid);
  if (transport === undefined) {
    res.status(404).send('Session not found');
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) throw err;
  announce(server);
});
