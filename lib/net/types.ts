import type { HeaderList, RedirectHop, StepError, Timing } from '../report/schema';

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Time allowed until the final response headers arrive (all redirects included). Body reads are bounded by `signal`. */
  timeoutMs: number;
  signal?: AbortSignal;
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
      error: StepError;
      timing: Timing;
      /** Redirects followed before the failure (the last one may be the refused hop). */
      redirects?: RedirectHop[];
      /** The redirect response that was refused, as received (its body is not read). */
      response?: { status: number; headers: HeaderList };
    };

/** Everything outbound goes through one function of this shape (see lib/net/outbound.ts). */
export type Outbound = (req: OutboundRequest) => Promise<OutboundResult>;
