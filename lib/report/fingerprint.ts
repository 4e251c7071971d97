// A fingerprint of a server's tool catalogue: one hash over what clients are given of each tool
// (name, title, description, annotations, input and output schemas;
// https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool), in name order with
// object keys sorted, so the same catalogue always hashes the same whatever order the server lists
// it in. Two reports with the same fingerprint offered the model the same tools; a monitor or
// `mcp-health diff` that sees it change knows the catalogue drifted.
import { createHash } from 'node:crypto';
import type { Tool } from './schema';
import { canonicalJson } from './sign';

export interface CatalogueTool {
  name: string;
  title?: string;
  description?: string;
  annotations?: unknown;
  inputSchema?: unknown;
  outputSchema?: unknown;
}

/** The tools as a client sees them, in name order. */
export function toolCatalogue(tools: readonly Tool[]): CatalogueTool[] {
  return tools
    .map((t) => ({
      name: t.name,
      ...(t.title !== undefined ? { title: t.title } : {}),
      ...(t.description !== undefined ? { description: t.description } : {}),
      ...(t.annotations !== undefined ? { annotations: t.annotations } : {}),
      ...(t.inputSchema !== undefined ? { inputSchema: t.inputSchema } : {}),
      ...(t.outputSchema !== undefined ? { outputSchema: t.outputSchema } : {}),
    }))
    // localeCompare, as the monitors' stored surface hashes were made with it (lib/monitor/surface.ts).
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `sha256:` and the hex digest of the catalogue's canonical JSON. */
export function toolsFingerprint(tools: readonly Tool[]): string {
  return `sha256:${createHash('sha256').update(canonicalJson(toolCatalogue(tools))).digest('hex')}`;
}
