// Era detection from the answer to a modern `server/discover` probe (MCP 2026-07-28
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#backward-compatibility, and the stdio probe rule
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio#backward-compatibility that
// a fallback must not depend on one specific legacy error code).
import { LEGACY_VERSIONS, MODERN_ERROR_CODES, MODERN_VERSIONS } from './protocol';

export interface ProbeSummary {
  /** HTTP status, if any answer arrived. */
  status?: number;
  /** 401, or 403 with a Bearer challenge. */
  auth: boolean;
  /** The JSON-RPC result, when the answer was a matching result. */
  result?: unknown;
  /** The JSON-RPC error code carried by the answer (any status). */
  rpcErrorCode?: number;
  /** `data.supported` of a -32022 error. */
  supported?: string[];
}

export type DiscoverVerdict =
  | { kind: 'auth' }
  | { kind: 'modern' }
  /** A recognised modern error: a modern server that refused this request. */
  | { kind: 'modern-error'; code: number; supported?: string[] }
  /** 404 + -32601: modern "unknown method", but server/discover is mandatory, so ambiguous. */
  | { kind: 'ambiguous' }
  | { kind: 'legacy' }
  /** No HTTP answer at all (DNS, refused, timeout): nothing to decide on. */
  | { kind: 'no-answer' };

export function classifyDiscover(p: ProbeSummary): DiscoverVerdict {
  if (p.status === undefined) return { kind: 'no-answer' };
  if (p.auth) return { kind: 'auth' };
  if (p.result !== undefined && typeof p.result === 'object' && p.result !== null && 'supportedVersions' in p.result) {
    return { kind: 'modern' };
  }
  if (p.rpcErrorCode !== undefined && MODERN_ERROR_CODES.has(p.rpcErrorCode)) {
    return { kind: 'modern-error', code: p.rpcErrorCode, ...(p.supported ? { supported: p.supported } : {}) };
  }
  if (p.status === 404 && p.rpcErrorCode === -32601) return { kind: 'ambiguous' };
  // 400/404/405/other 4xx, 5xx, 200 carrying a non-modern error, an empty or non-JSON body: legacy
  // (or not MCP at all, which the legacy probe then shows).
  return { kind: 'legacy' };
}

/** Every revision this checker speaks, newest first (HTTP+SSE only as 2024-11-05). */
export const SPOKEN_VERSIONS: readonly string[] = [...MODERN_VERSIONS, ...LEGACY_VERSIONS];
const SPOKEN: ReadonlySet<string> = new Set(SPOKEN_VERSIONS);

/** What the two era probes, sent side by side, brought back: the input of the era decision. */
export interface EraAnswers {
  /** The server/discover answer, classified (classifyDiscover). */
  discover: DiscoverVerdict;
  initialize: {
    /** 401, or 403 with a Bearer challenge (then it is not read as a handshake). */
    auth: boolean;
    /** The answer is a usable initialize result (lib/mcp/legacy.ts readInitialize). */
    handshake: boolean;
    /** HTTP status, if any answer arrived. */
    status?: number;
  };
}

/** Which runner (lib/mcp/runners) the check goes on with, and what it needs to know of the answers. */
export type EraBranch =
  /** The server needs credentials; `challengedBy` is the probe whose 401/403 is reported. */
  | { kind: 'auth'; challengedBy: 'server/discover' | 'initialize' }
  /** -32022 naming only revisions this checker does not speak: MCP, but no common version. */
  | { kind: 'unspeakable'; supported: string[] }
  /** A 2026-07-28 server; `alsoLegacy`: initialize worked too (a dual-era server). */
  | { kind: 'modern'; alsoLegacy: boolean }
  /** An initialize-based server (2025-03-26 … 2025-11-25). */
  | { kind: 'legacy' }
  /** Neither era answered; `tryHttpSse`: the answers leave room for the deprecated HTTP+SSE transport. */
  | { kind: 'none'; tryHttpSse: boolean };

interface EraRow {
  discover: string;
  initialize: string;
  branch: string;
  decide(a: EraAnswers): EraBranch | undefined;
}

/**
 * The era decision, first matching row wins. Both probes go out at once, so the decision reads both
 * answers (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#backward-compatibility:
 * a client may probe with server/discover and fall back to initialize; and
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions).
 *
 * | server/discover                                   | initialize                 | branch                               |
 * |---------------------------------------------------|----------------------------|--------------------------------------|
 * | 401, or 403 with a Bearer challenge               | any                        | auth (the discover answer)           |
 * | any                                               | 401, or 403 + Bearer       | auth (the initialize answer)         |
 * | -32022 whose data.supported names no spoken rev.  | no handshake               | unspeakable                          |
 * | a result with supportedVersions                   | any                        | modern (dual-era if initialize works)|
 * | a modern error code (-32020…-32022), or 404+-32601| no handshake               | modern                               |
 * | anything else                                     | a handshake                | legacy                               |
 * | anything else                                     | no handshake               | none (HTTP+SSE tried when discover   |
 * |                                                   |                            | was answered and initialize got      |
 * |                                                   |                            | 400, 404 or 405)                     |
 */
export const ERA_TABLE: readonly EraRow[] = [
  {
    discover: '401, or 403 with a Bearer challenge',
    initialize: 'any',
    branch: 'auth',
    decide: (a) => (a.discover.kind === 'auth' ? { kind: 'auth', challengedBy: 'server/discover' } : undefined),
  },
  {
    discover: 'any',
    initialize: '401, or 403 with a Bearer challenge',
    branch: 'auth',
    decide: (a) => (a.initialize.auth ? { kind: 'auth', challengedBy: 'initialize' } : undefined),
  },
  {
    discover: '-32022 whose data.supported names no revision this checker speaks',
    initialize: 'no handshake',
    branch: 'unspeakable',
    decide: (a) => {
      const d = a.discover;
      if (d.kind !== 'modern-error' || d.code !== -32022 || a.initialize.handshake || !d.supported?.length) return undefined;
      return d.supported.some((v) => SPOKEN.has(v)) ? undefined : { kind: 'unspeakable', supported: d.supported };
    },
  },
  {
    discover: 'a result with supportedVersions',
    initialize: 'any',
    branch: 'modern',
    decide: (a) => (a.discover.kind === 'modern' ? { kind: 'modern', alsoLegacy: a.initialize.handshake } : undefined),
  },
  {
    discover: 'a modern error code, or 404 with -32601',
    initialize: 'no handshake',
    branch: 'modern',
    decide: (a) => ((a.discover.kind === 'modern-error' || a.discover.kind === 'ambiguous') && !a.initialize.handshake ? { kind: 'modern', alsoLegacy: false } : undefined),
  },
  {
    discover: 'anything else',
    initialize: 'a handshake',
    branch: 'legacy',
    decide: (a) => (a.initialize.handshake ? { kind: 'legacy' } : undefined),
  },
  {
    discover: 'anything else',
    initialize: 'no handshake',
    branch: 'none',
    // A 400/404/405 to the initialize POST may mean the deprecated HTTP+SSE transport
    // (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#backwards-compatibility).
    decide: (a) => ({ kind: 'none', tryHttpSse: a.discover.kind !== 'no-answer' && [400, 404, 405].includes(a.initialize.status ?? 0) }),
  },
];

/** The era decision (ERA_TABLE): pure, from the two probes' answers. */
export function decideEra(a: EraAnswers): EraBranch {
  for (const row of ERA_TABLE) {
    const b = row.decide(a);
    if (b) return b;
  }
  // The last row always decides.
  throw new Error('unreachable: the era table has no catch-all row');
}
