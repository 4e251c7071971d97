// The MCP findings catalogue: stable ids, default severities and the spec section each rule comes
// from. Authorization findings (A…) have their own catalogue in lib/auth/findings.ts.
import { findingsFrom, type Rule } from '../report/finding';

const S = 'https://modelcontextprotocol.io/specification';

export const RULES = {
  T1: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  T2: { severity: 'error', specUrl: `${S}/2025-11-25/basic#messages` },
  T3: { severity: 'error', specUrl: `${S}/2025-11-25/basic#result-responses` },
  T4: { severity: 'error', specUrl: `${S}/2025-11-25/basic#error-responses` },
  T5: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  T6: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#resumability-and-redelivery` },
  T7: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  T8: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  T9: { severity: 'info', specUrl: `${S}/2025-11-25/basic/transports#session-management` },
  T10: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#session-management` },
  T11: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#protocol-version-header` },
  T12: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#listening-for-messages-from-the-server` },
  T13: { severity: 'info', specUrl: `${S}/2025-11-25/basic/transports#session-management` },
  T14: { severity: 'warning', specUrl: `${S}/2025-11-25/basic/lifecycle#operation` },
  T15: { severity: 'error', specUrl: `${S}/2025-06-18/changelog` },
  T17: { severity: 'warning', specUrl: `${S}/2026-07-28/deprecated` },
  /** Origin validation (probe): error for local servers, warning for remote ones (set per finding). */
  T16: { severity: 'warning', specUrl: `${S}/2025-11-25/basic/transports#security-warning` },
  T18: { severity: 'error', specUrl: `${S}/2024-11-05/basic/transports#http-with-sse` },
  /**
   * Our own id (T5's sibling, no spec rule of its own): Content-Type text/event-stream but the body is a
   * plain JSON object with no `data:` lines, so an SSE parser yields nothing and clients time out.
   */
  T19: { severity: 'error', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  /** Probe: a session id the server never issued is not answered 404. */
  T20: { severity: 'warning', specUrl: `${S}/2025-11-25/basic/transports#session-management` },
  /** Probe: a request without the issued session id is not answered 400 (SHOULD). */
  T21: { severity: 'info', specUrl: `${S}/2025-11-25/basic/transports#session-management` },
  /** Probe: 2025-11-25 event streams without the priming event (SHOULD). */
  T22: { severity: 'info', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  /** Passive: a 2025-11-25 event stream closed before the response without a `retry` field first (SHOULD). */
  T26: { severity: 'info', specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server` },
  /**
   * HTTP+SSE negotiated a revision newer than 2024-11-05: from 2025-03-26 the transport is Streamable
   * HTTP, and the backwards-compatibility guidance is to host the new MCP endpoint beside the old SSE
   * and POST endpoints (https://modelcontextprotocol.io/specification/2025-03-26/basic/transports#backwards-compatibility).
   */
  T23: { severity: 'info', specUrl: `${S}/2025-03-26/basic/transports#backwards-compatibility` },
  /** stdio: a line on the server's stdout that is not a JSON-RPC message (the server MUST NOT write anything else there). */
  T24: {
    severity: 'error',
    specUrl: `${S}/2025-11-25/basic/transports#stdio`,
    specUrlByRevision: { '2026-07-28': `${S}/2026-07-28/basic/transports/stdio` },
  },
  /** stdio: the server process exited before the check ended (crashed on start, or while answering). */
  T25: {
    severity: 'error',
    specUrl: `${S}/2025-11-25/basic/lifecycle#shutdown`,
    specUrlByRevision: { '2026-07-28': `${S}/2026-07-28/basic/transports/stdio#unexpected-termination` },
  },
  L1: { severity: 'error', specUrl: `${S}/2025-11-25/schema#initializeresult` },
  L2: { severity: 'info', specUrl: `${S}/2025-11-25/basic/lifecycle#version-negotiation` },
  L3: { severity: 'error', specUrl: `${S}/2025-11-25/basic/lifecycle#version-negotiation` },
  L4: { severity: 'error', specUrl: `${S}/2025-11-25/basic/utilities/ping` },
  L5: { severity: 'error', specUrl: `${S}/2025-11-25/server/tools#capabilities` },
  L6: { severity: 'warning', specUrl: `${S}/2026-07-28/basic/versioning#backward-compatibility-with-initialization-based-versions` },
  S1: { severity: 'error', specUrl: `${S}/2025-11-25/schema` },
  S2: { severity: 'error', specUrl: `${S}/2025-11-25/server/tools#data-types` },
  /** Our own id: an official SDK client's schema refuses the tools/list result, so it shows no tools. */
  S14: { severity: 'error', specUrl: `${S}/2025-11-25/server/tools#listing-tools` },
  S3: { severity: 'warning', specUrl: `${S}/2025-11-25/basic#json-schema-usage` },
  S4: { severity: 'error', specUrl: `${S}/2025-06-18/schema#tool` },
  S5: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#tool-names` },
  S6: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#tool-names` },
  S8: { severity: 'warning', specUrl: `${S}/2025-11-25/basic#icons` },
  /** Our own rule (no spec text): LLM function-calling name limits of popular clients. */
  S12: { severity: 'info', specUrl: `${S}/2025-11-25/server/tools#tool-names`, bestPractice: true },
  /** Our own rule: hidden characters are a tool-poisoning vector (2025-11-25 §Security Considerations, the specUrl). */
  S13: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#security-considerations` },
  /**
   * Tool review (lib/mcp/tool-review.ts), our own heuristics for tool poisoning, each a warning with
   * the quoted text: never a verdict change (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations).
   */
  S15: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#security-considerations` },
  S16: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#security-considerations` },
  /** Our own rule: an oversized description (context cost; room to hide a payload). */
  S17: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#tool`, bestPractice: true },
  /** Hints that are not booleans, or readOnlyHint with destructiveHint (meaningful only when readOnlyHint is false). */
  S18: { severity: 'warning', specUrl: `${S}/2025-11-25/schema#toolannotations` },
  /** Our own rule: description is optional in the schema, but models pick tools by it. */
  S19: { severity: 'info', specUrl: `${S}/2025-11-25/server/tools#tool`, bestPractice: true },
  /** Our own heuristic (lib/mcp/lookalike.ts): a tool name that passes for another tool (mixed scripts, a confusable of a well-known or sibling tool). */
  S22: { severity: 'warning', specUrl: `${S}/2025-11-25/server/tools#security-considerations` },
  /** An official SDK client rejects a whole resources/templates/prompts result (its schema, used as a library). */
  S20: { severity: 'warning', specUrl: `${S}/2025-11-25/schema` },
  /** An official SDK client rejects the initialize or server/discover result: its users cannot connect. */
  S21: { severity: 'error', specUrl: `${S}/2025-11-25/schema#initializeresult` },
  /** MCP Apps (lib/mcp/apps.ts): a tool's view link that is not ui://, or that no host can read. */
  AP1: { severity: 'warning', specUrl: 'https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#resource-discovery' },
  /** MCP Apps: the linked view is listed with a mimeType other than text/html;profile=mcp-app. */
  AP2: { severity: 'warning', specUrl: 'https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#ui-resource-format' },
  /** MCP Apps: the linked view is not in resources/list (servers MAY omit views; a note). */
  AP3: { severity: 'info', specUrl: 'https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#resource-discovery' },
  C1: { severity: 'info', specUrl: 'https://fetch.spec.whatwg.org/#http-cors-protocol', bestPractice: true },
  C2: { severity: 'warning', specUrl: 'https://fetch.spec.whatwg.org/#http-cors-protocol', bestPractice: true },
  C3: { severity: 'warning', specUrl: 'https://fetch.spec.whatwg.org/#http-cors-protocol', bestPractice: true },
  S7: { severity: 'warning', specUrl: `${S}/2025-11-25/server/utilities/pagination#implementation-guidelines` },
  M1: { severity: 'error', specUrl: `${S}/2026-07-28/basic#result-responses` },
  M2: { severity: 'error', specUrl: `${S}/2026-07-28/server/utilities/caching#cacheable-results` },
  M3: { severity: 'error', specUrl: `${S}/2026-07-28/server/utilities/caching#interaction-with-pagination` },
  M4: { severity: 'error', specUrl: `${S}/2026-07-28/server/discover` },
  M5: { severity: 'error', specUrl: `${S}/2026-07-28/server/discover` },
  M6: { severity: 'warning', specUrl: `${S}/2026-07-28/basic#meta` },
  M7: { severity: 'error', specUrl: `${S}/2026-07-28/basic/transports/streamable-http#protocol-version-header` },
  M8: { severity: 'error', specUrl: `${S}/2026-07-28/basic/versioning#protocol-version-negotiation` },
  M9: { severity: 'error', specUrl: `${S}/2026-07-28/basic/transports/streamable-http#server-validation` },
  M10: { severity: 'error', specUrl: `${S}/2026-07-28/basic#meta` },
  M11: { severity: 'error', specUrl: `${S}/2026-07-28/basic#error-codes` },
  M12: { severity: 'info', specUrl: `${S}/2026-07-28/basic/transports/streamable-http#backward-compatibility` },
  M13: { severity: 'error', specUrl: `${S}/2026-07-28/changelog` },
  /** M15: -32022 naming only revisions this checker does not speak (not a deviation: a fact about reach). */
  M15: { severity: 'warning', specUrl: `${S}/2026-07-28/basic/versioning` },
  /** Tool calls (Try): only a person's explicit call produces these. */
  TC1: { severity: 'error', specUrl: `${S}/2025-11-25/server/tools#output-schema` },
  TC2: { severity: 'error', specUrl: `${S}/2025-11-25/server/tools#output-schema` },
  TC3: { severity: 'error', specUrl: `${S}/2025-11-25/server/tools#tool-result` },
  TC4: { severity: 'error', specUrl: `${S}/2025-11-25/schema#calltoolresult` },
} satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export const finding = findingsFrom(RULES);
