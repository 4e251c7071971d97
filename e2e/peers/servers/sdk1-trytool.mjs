// A peer for "Try a tool": @modelcontextprotocol/sdk 1.x's low-level Server (so a tool may return
// what McpServer would refuse to send) behind the real StreamableHTTPServerTransport (SSE, sessions).
// Tools: `shapes` (every input schema shape the form builds, echoes its arguments), `wrong_output`
// (structuredContent that breaks its own outputSchema), `ask_model` (asks the client for sampling
// mid-call, as a server that ignores the client's capabilities does), `wipe_all` (destructive),
// and `no_structured` (declares an outputSchema, returns no structuredContent, which the low-level
// Server sends as given; it does refuse undefined content types and fills in a missing content
// array, so TC3/TC4 are fire-tested on a fixture).
// Usage: node sdk1-trytool.mjs
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { CallToolRequestSchema, CreateMessageResultSchema, isInitializeRequest, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { announce, exitWithParent } from './_common.mjs';

exitWithParent();

const TOOLS = [
  {
    name: 'shapes',
    title: 'Every shape',
    description: 'Echo the arguments back as JSON.',
    inputSchema: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name', default: 'Paris' },
        temperature: { type: 'number', description: 'Degrees Celsius' },
        days: { type: 'integer', minimum: 1, maximum: 7, description: 'Number of days' },
        metric: { type: 'boolean', default: true, description: 'Use metric units' },
        unit: { type: 'string', enum: ['C', 'F', 'K'], description: 'Unit letter' },
        tags: { type: 'array', items: { type: 'string' }, description: 'Labels' },
        where: {
          type: 'object',
          description: 'A place',
          properties: { lat: { type: 'number', description: 'Latitude' }, lon: { type: 'number', description: 'Longitude' } },
          required: ['lat'],
        },
        extra: { anyOf: [{ type: 'string' }, { type: 'number' }], description: 'Anything the form cannot express' },
      },
      required: ['city', 'days'],
    },
  },
  {
    name: 'wrong_output',
    description: 'Promises a number, returns a string.',
    annotations: { readOnlyHint: true },
    inputSchema: { type: 'object', properties: {} },
    outputSchema: { type: 'object', properties: { temperature: { type: 'number' } }, required: ['temperature'] },
  },
  {
    name: 'ask_model',
    description: 'Asks the client to sample a message, then reports what happened.',
    annotations: { readOnlyHint: true },
    inputSchema: { type: 'object', properties: {} },
  },
  {
    name: 'no_structured',
    description: 'Declares an outputSchema, returns only text.',
    annotations: { readOnlyHint: true },
    inputSchema: { type: 'object', properties: {} },
    outputSchema: { type: 'object', properties: { temperature: { type: 'number' } } },
  },
  {
    name: 'wipe_all',
    description: 'Pretends to delete everything (nothing is stored).',
    annotations: { destructiveHint: true, readOnlyHint: false },
    inputSchema: { type: 'object', properties: {} },
  },
];

function makeServer() {
  const server = new Server({ name: 'peer-trytool', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const { name, arguments: args = {} } = req.params;
    if (name === 'shapes') return { content: [{ type: 'text', text: JSON.stringify(args) }] };
    if (name === 'wrong_output') return { content: [{ type: 'text', text: '{"temperature":"hot"}' }], structuredContent: { temperature: 'hot' } };
    if (name === 'no_structured') return { content: [{ type: 'text', text: '21 degrees' }] };
    if (name === 'wipe_all') return { content: [{ type: 'text', text: 'Wiped (not really).' }] };
    if (name === 'ask_model') {
      try {
        await extra.sendRequest(
          { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: 'Hello?' } }], maxTokens: 10 } },
          CreateMessageResultSchema,
        );
        return { content: [{ type: 'text', text: 'sampling answered' }] };
      } catch (err) {
        return { content: [{ type: 'text', text: `sampling refused: ${err instanceof Error ? err.message : String(err)}` }], isError: true };
      }
    }
    throw new Error(`unknown tool ${name}`);
  });
  return server;
}

const transports = new Map();
const app = createMcpExpressApp({ host: '127.0.0.1' });
app.post('/mcp', async (req, res) => {
  const sid = req.headers['mcp-session-id'];
  const existing = typeof sid === 'string' ? transports.get(sid) : undefined;
  if (existing !== undefined) return existing.handleRequest(req, res, req.body);
  if (sid === undefined && isInitializeRequest(req.body)) {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => transports.set(id, transport) });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) transports.delete(transport.sessionId);
    };
    await makeServer().connect(transport);
    return transport.handleRequest(req, res, req.body);
  }
  res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: No valid session ID provided' }, id: null });
});
const sessionRequest = async (req, res) => {
  const sid = req.headers['mcp-session-id'];
  const transport = typeof sid === 'string' ? transports.get(sid) : undefined;
  if (transport === undefined) return res.status(400).send('Invalid or missing session ID');
  await transport.handleRequest(req, res);
};
app.get('/mcp', sessionRequest);
app.delete('/mcp', sessionRequest);
const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) throw err;
  announce(server);
});
