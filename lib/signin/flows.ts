// The short-lived record of one authorization-code flow (MCP 2025-11-25
// https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-flow-steps), kept in this process's
// memory between "Get a token" and /oauth/callback. It holds the PKCE verifier and where to redeem
// the code, never a token.
//
// Why memory and not an encrypted cookie: the app runs as one Node process (next start, a local
// SQLite file), so a Map gives strict single use and a hard TTL for free, needs no key management,
// and the verifier never leaves the server. A multi-instance deployment would need sticky sessions
// or a shared store behind this same small interface.

export interface FlowRecord {
  state: string;
  /** A random value also set in an HttpOnly cookie, binding the flow to the browser that started it (RFC 9700 §4.7). */
  binding: string;
  verifier: string;
  /** The validated issuer, for the RFC 9207 `iss` check. */
  issuer: string;
  /** The AS advertised authorization_response_iss_parameter_supported: a missing `iss` is then an error. */
  issRequired: boolean;
  tokenEndpoint: string;
  clientId: string;
  /** Only when a DCR answer insisted on a confidential client. */
  clientSecret?: string;
  tokenAuthMethod: TokenAuthMethod;
  redirectUri: string;
  /** RFC 8707 resource, sent on both the authorization and the token request. */
  resource: string;
  scope?: string;
  /** The MCP endpoint the person is checking, to send them back to it. */
  mcpUrl: string;
  /** Who started it (the guard's client key): each client has its own bound, so none can evict another's. */
  client: string;
  createdAt: number;
}

export type TokenAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';

export const FLOW_TTL_MS = 10 * 60_000;
/** Enough for many people mid-sign-in; past it the oldest flows are dropped, not the server's memory. */
export const MAX_FLOWS = 1_000;
/** Pending sign-ins one client may hold; its eleventh drops its own oldest, nobody else's. */
export const MAX_FLOWS_PER_CLIENT = 10;

// On globalThis so that the server action and the route handler share one Map even when the
// bundler gives each entry its own module instance.
const KEY = Symbol.for('mcp-health.oauth.flows');
type Store = Map<string, FlowRecord>;
const holder = globalThis as typeof globalThis & { [KEY]?: Store };

function store(): Store {
  holder[KEY] ??= new Map();
  return holder[KEY];
}

function prune(flows: Store, now: number): void {
  for (const [state, rec] of flows) {
    // Insertion order is creation order: stop at the first live record.
    if (now - rec.createdAt < FLOW_TTL_MS) break;
    flows.delete(state);
  }
}

export function saveFlow(rec: FlowRecord): void {
  const flows = store();
  prune(flows, rec.createdAt);
  const own = [...flows.values()].filter((f) => f.client === rec.client);
  for (const old of own.slice(0, Math.max(0, own.length - MAX_FLOWS_PER_CLIENT + 1))) flows.delete(old.state);
  while (flows.size >= MAX_FLOWS) {
    const oldest = flows.keys().next();
    if (oldest.done) break;
    flows.delete(oldest.value);
  }
  flows.set(rec.state, rec);
}

/** The record for `state`, removed so that it can be used once; undefined if unknown or expired. */
export function takeFlow(state: string, now: number = Date.now()): FlowRecord | undefined {
  const flows = store();
  const rec = flows.get(state);
  if (rec === undefined) return undefined;
  flows.delete(state);
  return now - rec.createdAt < FLOW_TTL_MS ? rec : undefined;
}

/** For tests. */
export function flowCount(): number {
  return store().size;
}

export function clearFlows(): void {
  store().clear();
}
