// tmcp + @tmcp/transport-http (+ @tmcp/adapter-zod), served by
// @hono/node-server. Independent of the official SDK; speaks both eras.
// Usage: node tmcp.mjs [--tools=N]
import { McpServer } from 'tmcp';
import { HttpTransport } from '@tmcp/transport-http';
import { ZodJsonSchemaAdapter } from '@tmcp/adapter-zod';
import { serve } from '@hono/node-server';
import { announce, exitWithParent, toolCount, toolSpecs } from './_common.mjs';

exitWithParent();
const tools = toolSpecs(toolCount());

const server = new McpServer(
  { name: 'peer-tmcp', version: '1.0.0', description: 'tmcp test peer' },
  { adapter: new ZodJsonSchemaAdapter(), capabilities: { tools: { listChanged: true } } },
);
for (const t of tools) {
  server.tool(
    { name: t.name, title: t.title, description: t.description, schema: t.schema, annotations: t.annotations },
    async (args) => t.run(args),
  );
}

const transport = new HttpTransport(server, { path: '/mcp' });
const httpServer = serve(
  {
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => (await transport.respond(request)) ?? new Response('Not found', { status: 404 }),
  },
  () => announce(httpServer),
);
