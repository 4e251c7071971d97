// lib/net owns its types: the report contract (lib/report/schema.ts) is structurally compatible with
// them, so a step can record what came back without net knowing anything about reports or MCP.

/** Ordered header list: keeps duplicates (Set-Cookie, WWW-Authenticate) and the server's order. */
export type HeaderList = [string, string][];

export interface Timing {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  /** Time to the response headers. */
  ttfbMs?: number;
  totalMs: number;
  /** True when the request reused a connection opened by an earlier request. */
  reused?: boolean;
  /** Why the request was sent a second time (a reused keep-alive connection failed before answering). */
  retried?: string;
}

/** One redirect followed (or refused) on the way to a response. */
export interface RedirectHop {
  status: number;
  from: string;
  to: string;
}

/** Why a request failed, as a code the report keeps and a sentence a person can act on. */
export type NetErrorCode = 'INVALID_URL' | 'BLOCKED' | 'DNS' | 'CONNECT' | 'TLS' | 'TIMEOUT' | 'REDIRECT' | 'TOO_LARGE' | 'NETWORK' | 'ABORTED';
export interface NetError {
  code: NetErrorCode;
  message: string;
}

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Time allowed until the final response headers arrive (all redirects included). Body reads are bounded by `signal`. */
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * `side`: a request beside the check's own (the conformance probes). It gets connections of its
   * own, so it never holds a connection one of the check's requests is queued for: the probes add
   * no round trip to the time until the verdict (docs/benchmarks.md, part 1).
   */
  lane?: 'side';
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  /** The final URL (after any redirects the policy followed), without userinfo. */
  url: string;
  headers: HeaderList;
  /** The body as it arrives, already decompressed. Read it with `readCapped` or the SSE reader. */
  body: AsyncIterable<Uint8Array>;
  timing: Timing;
  /** Redirects followed on the way here; absent when there were none. */
  redirects?: RedirectHop[];
  /** Stop reading and release the connection. Safe to call more than once. */
  close(): void;
}

export type OutboundResult =
  | { ok: true; response: OutboundResponse }
  | {
      ok: false;
      error: NetError;
      timing: Timing;
      /** Redirects followed before the failure (the last one may be the refused hop). */
      redirects?: RedirectHop[];
      /** The redirect response that was refused, as received (its body is not read). */
      response?: { status: number; headers: HeaderList };
    };

/** Everything outbound goes through one function of this shape (see lib/net/outbound.ts). */
export type Outbound = (req: OutboundRequest) => Promise<OutboundResult>;
