// @modelcontextprotocol/sdk 1.x deprecated SSEServerTransport: the 2024-11-05
// HTTP+SSE transport. GET /sse opens the stream (first event `endpoint` names
// /messages?sessionId=…); client messages are POSTed there and answered on the
// stream. Usage: node sdk1-httpsse.mjs [--tools=N]
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { announce, exitWithParent, toolCount, toolSpecs } from './_common.mjs';
import { makeSdk1Server } from './_sdk1.mjs';

exitWithParent();
const tools = toolSpecs(toolCount());

const makeServer = () => makeSdk1Server('peer-sdk1-httpsse', tools);

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
