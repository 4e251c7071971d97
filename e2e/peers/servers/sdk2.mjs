// @modelcontextprotocol/server 2.x createMcpHandler(factory, { legacy }) served
// on node:http through @modelcontextprotocol/node toNodeHandler, behind the
// SDK's localhost Host/Origin guards (as its README recommends for node:http).
// Usage: node sdk2.mjs --legacy=reject|stateless [--tools=N]
import { createServer } from 'node:http';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { localhostHostValidation, localhostOriginValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { announce, argValue, exitWithParent, toolCount, toolSpecs } from './_common.mjs';

exitWithParent();
const legacy = argValue('legacy', 'reject');
if (legacy !== 'reject' && legacy !== 'stateless') throw new Error(`bad --legacy: ${legacy}`);
const tools = toolSpecs(toolCount());

const factory = () => {
  const server = new McpServer({ name: `peer-sdk2-${legacy === 'reject' ? 'modern' : 'dual'}`, version: '2.0.0' });
  for (const t of tools) {
    server.registerTool(
      t.name,
      { title: t.title, description: t.description, inputSchema: t.schema, annotations: t.annotations },
      async (args) => t.run(args),
    );
  }
  if (tools.length === 0) {
    // As in SDK v1: the tools capability and tools/list handler only exist
    // once a tool was registered.
    server.registerTool('placeholder', { description: 'removed at once' }, async () => ({ content: [] })).remove();
  }
  return server;
};

const handler = toNodeHandler(createMcpHandler(factory, { legacy }));
const validateHost = localhostHostValidation();
const validateOrigin = localhostOriginValidation();

const server = createServer((req, res) => {
  if (!validateHost(req, res) || !validateOrigin(req, res)) return;
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (path !== '/mcp') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  void handler(req, res);
});
server.listen(0, '127.0.0.1', () => announce(server));
