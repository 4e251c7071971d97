// Protocol revisions and message builders (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle;
// https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
export const MODERN_VERSION = '2026-07-28';
export const LATEST_LEGACY_VERSION = '2025-11-25';
/** Revisions that open with `initialize`, newest first. */
export const LEGACY_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;
/** The one revision the deprecated HTTP+SSE transport belongs to (https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse). */
export const HTTP_SSE_VERSION = '2024-11-05';
export type LegacyVersion = (typeof LEGACY_VERSIONS)[number];
export const MODERN_VERSIONS = [MODERN_VERSION] as const;

export const CLIENT_INFO = { name: 'mcp-health', version: '0.1.0' } as const;

export function isLegacyVersion(v: unknown): v is string {
  return typeof v === 'string' && (LEGACY_VERSIONS as readonly string[]).includes(v);
}
export function isModernVersion(v: unknown): v is string {
  return typeof v === 'string' && (MODERN_VERSIONS as readonly string[]).includes(v);
}

/** Modern requests carry version, capabilities and identity in `params._meta` (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta). */
export function modernMeta(version: string = MODERN_VERSION): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': version,
    // Empty client capabilities: a compliant server never needs anything from the checker.
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
  };
}

/** Mirrored headers on every modern POST (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#standard-request-headers). */
export function modernHeaders(method: string, version: string = MODERN_VERSION): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': version,
    'mcp-method': method,
  };
}

export const POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
} as const;

/**
 * Headers for legacy requests after initialize (2025-06-18 and later:
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header, #session-management).
 */
export function legacyHeaders(version: string, sessionId: string | undefined): Record<string, string> {
  return {
    ...POST_HEADERS,
    'mcp-protocol-version': version,
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
  };
}

/** The modern JSON-RPC error codes that identify a 2026-07-28 server (https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes). */
export const MODERN_ERROR_CODES = new Set([-32020, -32021, -32022]);
