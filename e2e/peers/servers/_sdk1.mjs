// The SDK v1 McpServer both SDK v1 peers (Streamable HTTP and HTTP+SSE) serve.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function makeSdk1Server(name, tools) {
  const server = new McpServer({ name, version: '1.0.0' });
  for (const t of tools) {
    server.registerTool(
      t.name,
      { title: t.title, description: t.description, inputSchema: t.shape, annotations: t.annotations },
      async (args) => t.run(args),
    );
  }
  if (tools.length === 0) {
    // McpServer only installs the tools/list handler (and advertises the
    // `tools` capability) once a tool is registered; register and remove one
    // so the server says "I have tools, the list is empty".
    server.registerTool('placeholder', { description: 'removed at once' }, async () => ({ content: [] })).remove();
  }
  return server;
}
