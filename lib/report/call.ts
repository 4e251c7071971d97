// A tool call a person made from a report ("Try"): what was sent, what came back, what it means.
// The wire records are ordinary steps (group `call`); this is the reading of them the page renders.
// Content types: https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-result
import { z } from 'zod';

const Annotated = { annotations: z.record(z.string(), z.unknown()).optional(), _meta: z.record(z.string(), z.unknown()).optional() };

/** An embedded resource's contents (text or base64 blob). */
export const ResourceContents = z.object({
  uri: z.string(),
  mimeType: z.string().optional(),
  text: z.string().optional(),
  blob: z.string().optional(),
});

/** One item of `content`, as returned (data may be cut to the report's cap: `truncated`). */
export const ContentItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string(), ...Annotated }),
  z.object({ type: z.literal('image'), data: z.string(), mimeType: z.string(), truncated: z.boolean().optional(), ...Annotated }),
  z.object({ type: z.literal('audio'), data: z.string(), mimeType: z.string(), truncated: z.boolean().optional(), ...Annotated }),
  z.object({
    type: z.literal('resource_link'),
    uri: z.string(),
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    mimeType: z.string().optional(),
    size: z.number().optional(),
    ...Annotated,
  }),
  z.object({ type: z.literal('resource'), resource: ResourceContents, truncated: z.boolean().optional(), ...Annotated }),
]);
export type ContentItem = z.infer<typeof ContentItem>;

/**
 * `result`: the tool ran. `tool-error`: the tool ran and said it failed (`isError: true`, a result,
 * not a protocol error). `protocol-error`: a JSON-RPC error instead of a result (unknown tool,
 * invalid arguments, a server fault). `input-required`: a 2026-07-28 server asked for input this
 * checker does not provide. `failed`: no usable answer (network, HTTP status, parse, timeout).
 * `invalid-arguments`: refused before sending, the arguments do not match the tool's inputSchema.
 */
export const CallOutcome = z.enum(['result', 'tool-error', 'protocol-error', 'input-required', 'failed', 'invalid-arguments']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const CallNotification = z.object({
  method: z.string(),
  /** One line: progress "3/10 Step 3", a log "info: text"; capped. */
  summary: z.string(),
});

export const ServerRequest = z.object({
  method: z.string(),
  /** What the checker answered, in a few words. */
  answer: z.string(),
});

/** A `ui://` resource (MCP Apps) read for this call, to render the result as a host does. */
export const CallApp = z.object({
  uri: z.string(),
  /** The HTML document; absent when it could not be read (`error`) or was left out of a shared copy. */
  html: z.string().optional(),
  /** The resource's declared `_meta.ui.csp` (origins), applied by the sandbox route. */
  csp: z
    .object({
      connectDomains: z.array(z.string()).optional(),
      resourceDomains: z.array(z.string()).optional(),
      frameDomains: z.array(z.string()).optional(),
      baseUriDomains: z.array(z.string()).optional(),
    })
    .optional(),
  prefersBorder: z.boolean().optional(),
  error: z.string().optional(),
});
export type CallApp = z.infer<typeof CallApp>;

export const ToolCall = z.object({
  /** 1-based number of this call in the report; step ids start with `call-<n>`. */
  n: z.number().int().positive(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** When the call was made (ISO 8601). */
  calledAt: z.string(),
  outcome: CallOutcome,
  /** One sentence a person can act on. */
  message: z.string(),
  latencyMs: z.number(),
  stepIds: z.array(z.string()),
  content: z.array(ContentItem).optional(),
  /** Items that were not a known content type, kept as JSON text. */
  unknownContent: z.array(z.string()).optional(),
  structuredContent: z.unknown().optional(),
  /** structuredContent checked against the tool's outputSchema: undefined when there was nothing to check. */
  outputValid: z.boolean().optional(),
  /** Why the arguments or the output did not validate, or why validation was skipped. */
  validation: z.array(z.string()).optional(),
  /** A JSON-RPC error returned instead of a result. */
  rpcError: z.object({ code: z.number(), message: z.string(), data: z.unknown().optional() }).optional(),
  notifications: z.array(CallNotification).optional(),
  serverRequests: z.array(ServerRequest).optional(),
  /** `isError` exactly as returned (the MCP Apps view gets content, structuredContent and this). */
  isError: z.boolean().optional(),
  app: CallApp.optional(),
});
export type ToolCall = z.infer<typeof ToolCall>;
