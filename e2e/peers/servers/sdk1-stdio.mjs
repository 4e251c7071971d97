// @modelcontextprotocol/sdk 1.x McpServer over its StdioServerTransport: the most common local
// server stack. Legacy only (initialize; latest 2025-11-25). Usage: node sdk1-stdio.mjs [--tools=N]
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { makeSdk1Server } from './_sdk1.mjs';
import { toolCount, toolSpecs } from './_common.mjs';

const server = makeSdk1Server('peer-sdk1-stdio', toolSpecs(toolCount()));
// Logging goes to stderr, as the stdio transport allows; stdout carries only messages.
console.error('peer-sdk1-stdio: ready');
await server.connect(new StdioServerTransport());
