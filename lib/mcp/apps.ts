// MCP Apps (the official `ui://` extension, SEP-1865, stable 2026-01-26):
// https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx
// A tool links the view that renders its results in `_meta.ui.resourceUri` (§Resource Discovery;
// the flat `_meta["ui/resourceUri"]` is the deprecated spelling). The check reads no resource, so
// it judges the link from what it already has: the URI "MUST start with `ui://`" and the resource
// "MUST exist on the server" (§UI Resource Format, §Resource Discovery); when resources/list names
// it, its mimeType "SHOULD be `text/html;profile=mcp-app`" (and resources/read MUST answer with
// it). Servers MAY leave UI-only resources out of resources/list, so an unlisted one is a note.
import type { Finding, Listed, Tool } from '../report/schema';
import { finding } from './findings';
import { visible } from './tool-review';
import { appLink } from './app-link';

export { appLink };

export const APP_MIME_TYPE = 'text/html;profile=mcp-app';

const sameType = (a: string) => a.replace(/\s+/g, '').toLowerCase() === APP_MIME_TYPE;

/**
 * `resources`: what resources/list returned, or undefined when the server does not advertise
 * resources (then no host can read the view: resources/read needs the capability).
 */
export function checkAppLinks(tools: Tool[], resources: Listed[] | undefined, stepId: string | undefined, findings: Finding[]): void {
  const at = stepId ? { stepId } : {};
  for (const t of tools) {
    const uri = appLink(t);
    if (uri === undefined) continue;
    const name = `"${visible(t.name)}"`;
    if (!uri.startsWith('ui://')) {
      findings.push(finding('AP1', `Tool ${name} links an MCP Apps view that is not a ui:// URI: hosts do not render it.`, { ...at, evidence: uri.slice(0, 120) }));
      continue;
    }
    if (resources === undefined) {
      findings.push(finding('AP1', `Tool ${name} links the MCP Apps view "${visible(uri)}", but the server does not offer resources, so no host can read it.`, { ...at, evidence: uri.slice(0, 120) }));
      continue;
    }
    const listed = resources.find((r) => r.uri === uri);
    if (!listed) {
      findings.push(finding('AP3', `Tool ${name} links the MCP Apps view "${visible(uri)}", which resources/list does not name (allowed for views; Try reads it).`, { ...at, evidence: uri.slice(0, 120) }));
    } else if (listed.mimeType === undefined || !sameType(listed.mimeType)) {
      findings.push(
        finding('AP2', `Tool ${name} links the MCP Apps view "${visible(uri)}", listed as ${listed.mimeType === undefined ? 'without a mimeType' : `"${visible(listed.mimeType)}"`}, not ${APP_MIME_TYPE}: hosts may not render it.`, {
          ...at,
          evidence: `${uri.slice(0, 80)}: ${listed.mimeType ?? 'no mimeType'}`,
        }),
      );
    }
  }
}
