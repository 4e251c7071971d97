// The surface of a server: what a client sees of it on connect. A monitor fingerprints it on every
// run and compares it with the last one (lib/monitor/drift.ts), so a tool whose description or
// schema changes under its users (a "rug pull") is noticed and reported.
//
// What counts is what MCP clients are given: the protocol versions the server accepts
// (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation),
// its capabilities, the tool catalogue with names, descriptions, annotations and schemas
// (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool), resources and
// prompts, and, for a protected server, its authorization metadata (RFC 9728, RFC 8414).
import { createHash } from 'node:crypto';
import type { Report } from '../report/schema';
import { toolCatalogue, type CatalogueTool } from '../report/fingerprint';
import { canonicalJson } from '../report/sign';

export type SurfaceTool = CatalogueTool;

export interface Surface {
  /** 'mcp': the server answered MCP; 'auth': only its auth surface was seen (no credentials are kept). */
  kind: 'mcp' | 'auth';
  versions: string[];
  capabilities: string[];
  tools: SurfaceTool[];
  resources: string[];
  prompts: string[];
  auth?: { resource?: string; authorizationServers: string[]; issuer?: string; scopes: string[] };
}

/** The surface a report shows, or undefined when the server could not be read (DOWN): no drift from nothing. */
export function surfaceOf(report: Report): Surface | undefined {
  const auth = report.auth
    ? {
        ...(report.auth.resourceMetadata?.resource ? { resource: report.auth.resourceMetadata.resource } : {}),
        authorizationServers: [...(report.auth.resourceMetadata?.authorization_servers ?? [])].sort(),
        ...(report.auth.authorizationServer?.issuer ? { issuer: report.auth.authorizationServer.issuer } : {}),
        scopes: [...report.auth.scopes].sort(),
      }
    : undefined;
  if (report.verdict === 'auth-required') {
    return { kind: 'auth', versions: [], capabilities: [], tools: [], resources: [], prompts: [], ...(auth ? { auth } : {}) };
  }
  if (report.verdict === 'unreachable') return undefined;
  return {
    kind: 'mcp',
    versions: [...report.supportedVersions].sort(),
    capabilities: Object.keys(report.capabilities ?? {}).sort(),
    tools: toolCatalogue(report.tools),
    resources: (report.resources ?? []).map((r) => r.uri ?? r.name).sort(),
    prompts: (report.prompts ?? []).map((p) => p.name).sort(),
    ...(auth ? { auth } : {}),
  };
}

/** JSON with object keys sorted at every level (one definition, lib/report/sign.ts), so the same surface always hashes the same. */
export { canonicalJson };

export function fingerprint(surface: Surface): string {
  return createHash('sha256').update(canonicalJson(surface)).digest('hex');
}
