// The short-lived record of one authorization-code flow (MCP authorization, "Authorization Code
// Protection": https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization), kept
// between "Get a token" and /oauth/callback. It holds the PKCE verifier and where to redeem the
// code, never a token.
//
// Where it is kept is the door's choice (a FlowStore): the app keeps it in the database every
// instance shares (db/flow-store.ts), so a callback that lands on another instance behind a load
// balancer finds it; tests and single-process tools use the memory store below. Either way it is
// single use, expires after 10 minutes, and is bounded per client, so one client starting sign-ins
// in a loop can only push out its own.
import { z } from 'zod';

import { FlowTrail } from './trail';

export const TokenAuthMethod = z.enum(['none', 'client_secret_post', 'client_secret_basic']);
export type TokenAuthMethod = z.infer<typeof TokenAuthMethod>;

/**
 * The record as stored. Stores keep it as one JSON document and parse it back with this schema, so
 * a new field is a new optional entry here, not a database migration; a record that no longer
 * parses is treated as unknown (the person starts again), never crashed on.
 */
export const FlowRecord = z.object({
  state: z.string().min(1),
  /** A random value also set in an HttpOnly cookie, binding the flow to the browser that started it (RFC 9700 §4.7). */
  binding: z.string().min(1),
  verifier: z.string().min(1),
  /** The validated issuer, for the RFC 9207 `iss` check. */
  issuer: z.string(),
  /** The AS advertised authorization_response_iss_parameter_supported: a missing `iss` is then an error. */
  issRequired: z.boolean(),
  tokenEndpoint: z.string(),
  clientId: z.string(),
  /** Only when a DCR answer insisted on a confidential client. */
  clientSecret: z.string().optional(),
  tokenAuthMethod: TokenAuthMethod,
  redirectUri: z.string(),
  /** RFC 8707 resource, sent on both the authorization and the token request. */
  resource: z.string(),
  scope: z.string().optional(),
  /** The MCP endpoint the person is checking, to send them back to it. */
  mcpUrl: z.string(),
  /** Who started it (the guard's client key): each client has its own bound, so none can evict another's. */
  client: z.string(),
  createdAt: z.number(),
  /** The OAuth trail so far (discovery, registration, the authorization request); no secrets in it. */
  trail: FlowTrail.optional(),
});
export type FlowRecord = z.infer<typeof FlowRecord>;

export const FLOW_TTL_MS = 10 * 60_000;
/** Pending sign-ins one client may hold; its eleventh drops its own oldest, nobody else's. */
export const MAX_FLOWS_PER_CLIENT = 10;
/** Pending sign-ins in all: past it a new one is refused (no one else's is dropped). */
export const MAX_FLOWS = 10_000;

export type SaveOutcome = { ok: true } | { ok: false; message: string };

export const STORE_FULL = 'Too many sign-ins are in progress on this app right now. Try again in a few minutes, or paste a token instead.';
export const STORE_DOWN = 'The app cannot keep a sign-in right now (its database is unavailable). Try again later, or paste a token instead.';

export interface FlowStore {
  /** Keep `rec` until it is taken or expires; make room among its client's own flows first. */
  save(rec: FlowRecord): Promise<SaveOutcome>;
  /** The record for `state`, removed so it can be used once; undefined if unknown, expired or unreadable. */
  take(state: string, now: number): Promise<FlowRecord | undefined>;
}

/** One process's flows: right for tests and single-process tools. */
export class MemoryFlowStore implements FlowStore {
  private readonly flows = new Map<string, FlowRecord>();

  constructor(private readonly limits = { perClient: MAX_FLOWS_PER_CLIENT, total: MAX_FLOWS }) {}

  async save(rec: FlowRecord): Promise<SaveOutcome> {
    for (const [state, f] of this.flows) if (rec.createdAt - f.createdAt >= FLOW_TTL_MS) this.flows.delete(state);
    const own = [...this.flows.values()].filter((f) => f.client === rec.client);
    for (const old of own.slice(0, Math.max(0, own.length - this.limits.perClient + 1))) this.flows.delete(old.state);
    if (this.flows.size >= this.limits.total) return { ok: false, message: STORE_FULL };
    this.flows.set(rec.state, rec);
    return { ok: true };
  }

  async take(state: string, now: number): Promise<FlowRecord | undefined> {
    const rec = this.flows.get(state);
    if (rec === undefined) return undefined;
    this.flows.delete(state);
    return now - rec.createdAt < FLOW_TTL_MS ? rec : undefined;
  }

  get size(): number {
    return this.flows.size;
  }
}
