// mcp-lite + @hono/node-server (hono app), stateless default (no session
// adapter). Independent rewrite of the SDK. Usage: node mcp-lite.mjs [--tools=N]
import { Hono } from 'hono';
import { McpServer, StreamableHttpTransport } from 'mcp-lite';
import { serve } from '@hono/node-server';
import { z } from 'zod';
import { announce, exitWithParent, toolCount, toolSpecs } from './_common.mjs';

exitWithParent();
const tools = toolSpecs(toolCount());

const mcp = new McpServer({
  name: 'peer-mcp-lite',
  version: '1.0.0',
  schemaAdapter: (schema) => z.toJSONSchema(schema),
});
for (const t of tools) {
  mcp.tool(t.name, {
    title: t.title,
    description: t.description,
    inputSchema: t.schema,
    ...(t.annotations === undefined ? {} : { annotations: t.annotations }),
    handler: (args) => t.run(args),
  });
}

const handle = new StreamableHttpTransport().bind(mcp);
const app = new Hono();
app.all('/mcp', (c) => handle(c.req.raw));

const httpServer = serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch }, () => announce(httpServer));
