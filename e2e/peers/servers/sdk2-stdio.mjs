// @modelcontextprotocol/server 2.x serveStdio(factory, { legacy }): the SDK's stdio entry that owns
// the era decision per connection (server/discover → 2026-07-28; initialize → 2025-era with
// legacy: 'serve'; legacy: 'reject' answers initialize with -32022).
// Usage: node sdk2-stdio.mjs --legacy=serve|reject [--tools=N]
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { argValue, toolCount, toolSpecs } from './_common.mjs';

const legacy = argValue('legacy', 'serve');
if (legacy !== 'serve' && legacy !== 'reject') throw new Error(`bad --legacy: ${legacy}`);
const tools = toolSpecs(toolCount());

serveStdio(() => {
  const server = new McpServer({ name: `peer-sdk2-stdio-${legacy}`, version: '2.0.0' });
  for (const t of tools) {
    server.registerTool(t.name, { title: t.title, description: t.description, inputSchema: t.schema, annotations: t.annotations }, async (args) => t.run(args));
  }
  return server;
}, { legacy });
console.error(`peer-sdk2-stdio (${legacy}): ready`);
