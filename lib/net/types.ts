import type { HeaderList, StepError, Timing } from '../report/schema';

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Time allowed until the response headers arrive. Body reads are bounded by `signal`. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  /** The final URL (after any redirects the policy followed). */
  url: string;
  headers: HeaderList;
  /** The body as it arrives, already decompressed. Read it with `readCapped` or the SSE reader. */
  body: AsyncIterable<Uint8Array>;
  timing: Timing;
  /** Stop reading and release the connection. Safe to call more than once. */
  close(): void;
}

export type OutboundResult =
  | { ok: true; response: OutboundResponse }
  | { ok: false; error: StepError; timing: Timing };

/** Everything outbound goes through one function of this shape (see lib/net/outbound.ts). */
export type Outbound = (req: OutboundRequest) => Promise<OutboundResult>;
