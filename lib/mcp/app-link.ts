// The MCP Apps view a tool links (https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#resource-discovery):
// `_meta.ui.resourceUri`, or the deprecated flat `_meta["ui/resourceUri"]`. Its own module, with no
// runtime imports, so the page can use it without pulling the engine into the browser bundle.
import type { Tool } from '../report/schema';

export function appLink(tool: Pick<Tool, '_meta'>): string | undefined {
  const uri = tool._meta?.ui?.resourceUri ?? tool._meta?.['ui/resourceUri'];
  return typeof uri === 'string' ? uri : undefined;
}
