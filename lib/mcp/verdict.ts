// The verdict a person reads first (issue "The check itself"): GOOD / WARN / AUTH / DOWN.
import type { Verdict } from '../report/schema';

export interface Outcome {
  /** The first request was answered 401, or 403 with a Bearer challenge. */
  authRequired: boolean;
  /** A valid MCP answer came back to initialize or server/discover (or the HTTP+SSE handshake). */
  handshake: boolean;
  /** tools/list answered; undefined when it was not called. */
  toolsListed?: boolean;
  toolCount: number;
  /** An official SDK client rejects the whole tool list (S14: its users see no tools) or the handshake result (S21: they cannot connect). */
  toolsRejected?: boolean;
  /** Only the deprecated HTTP+SSE transport works. */
  deprecatedTransportOnly?: boolean;
  /** The server answered -32022 naming only revisions nobody here speaks: up and speaking MCP, but no client of today's revisions gets in. */
  noCommonVersion?: boolean;
}

export function decideVerdict(o: Outcome): Verdict {
  if (o.authRequired) return 'auth-required';
  if (o.noCommonVersion) return 'partial';
  if (!o.handshake) return 'unreachable';
  if (o.deprecatedTransportOnly) return 'partial';
  if (o.toolsListed !== true || o.toolCount === 0 || o.toolsRejected) return 'partial';
  return 'healthy';
}
