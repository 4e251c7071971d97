// The report contract. The engine produces it, the database stores it, pages render it, the API
// returns it and the CLI prints it. Every type in the app that describes a report is inferred from
// these schemas; nobody hand-writes a parallel interface.
import { z } from 'zod';
import { AuthReport } from './auth';
import { Step } from './step';

export const REPORT_SCHEMA_VERSION = 1;

export const Verdict = z.enum(['healthy', 'partial', 'auth-required', 'unreachable']);
export type Verdict = z.infer<typeof Verdict>;

export const Era = z.enum(['modern', 'legacy', 'http+sse', 'unknown']);
export type Era = z.infer<typeof Era>;

export { Severity } from './finding';

// The wire record of each step (request, response, timing, error): lib/report/step.ts.
export { HeaderList, RedirectHop, SseFrame, Step, StepError, StepErrorCode, StepStatus, Timing, WireRequest, WireResponse } from './step';

import { Finding } from './finding';
export { Finding };

export const Icon = z.object({
  src: z.string(),
  mimeType: z.string().optional(),
  sizes: z.array(z.string()).optional(),
  theme: z.string().optional(),
});

export const Implementation = z.object({
  name: z.string(),
  version: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  websiteUrl: z.string().optional(),
  icons: z.array(Icon).optional(),
});
export type Implementation = z.infer<typeof Implementation>;

export const ToolAnnotations = z.object({
  title: z.string().optional(),
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});

export const Tool = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  annotations: ToolAnnotations.optional(),
  inputSchema: z.unknown().optional(),
  outputSchema: z.unknown().optional(),
  /**
   * Only the MCP Apps link of the tool's `_meta` (other keys are dropped): the `ui://` resource a
   * host renders the result with (https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx#resource-discovery;
   * the flat "ui/resourceUri" key is the deprecated spelling).
   */
  _meta: z
    .object({
      ui: z.object({ resourceUri: z.string().optional(), visibility: z.array(z.string()).optional() }).optional(),
      'ui/resourceUri': z.string().optional(),
    })
    .optional(),
});
export type Tool = z.infer<typeof Tool>;

/** A resource, prompt or resource template, as listed (display only). */
export const Listed = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  uri: z.string().optional(),
  uriTemplate: z.string().optional(),
  mimeType: z.string().optional(),
  arguments: z.array(z.object({ name: z.string(), description: z.string().optional(), required: z.boolean().optional() }).loose()).optional(),
});
export type Listed = z.infer<typeof Listed>;

/** One row of "who can connect". */
export const CompatRow = z.object({
  client: z.string(),
  status: z.enum(['yes', 'warn', 'no', 'unknown']),
  note: z.string(),
});
export type CompatRow = z.infer<typeof CompatRow>;

export const Session = z.object({
  /** The server issued an `Mcp-Session-Id` on the initialize response. */
  issued: z.boolean(),
  id: z.string().optional(),
  /** What the closing DELETE did. */
  ended: z.enum(['ended', 'unsupported', 'failed', 'not-attempted']).optional(),
});

/**
 * Set only on a shared (stored) copy: what lib/report/sanitize took out before it was published,
 * so the shared page can say so. Optional: live reports and older stored reports have none.
 */
export const Sanitized = z.object({
  /** Userinfo, a query string or a fragment was cut from the checked URL (they often carry keys). */
  queryRemoved: z.boolean(),
  /** How many distinct request headers the person added were left out of the shared copy. */
  headersRemoved: z.number().int().nonnegative(),
  /** How many bodies were cut to the shared copy's cap. */
  bodiesCapped: z.number().int().nonnegative(),
});
export type Sanitized = z.infer<typeof Sanitized>;

/**
 * A local server checked over stdio (CLI only: `mcp-health check --stdio -- <command>`). The values of
 * `--env` are never recorded: only their names.
 */
export const StdioLaunch = z.object({
  command: z.string(),
  args: z.array(z.string()),
  cwd: z.string().optional(),
  /** Names of the variables set with --env (their values are secrets the report never holds). */
  env: z.array(z.string()),
  pid: z.number().int().optional(),
  /** What the server wrote to stderr (logging, per the stdio transport), capped. */
  stderr: z.string(),
  stderrTruncated: z.boolean(),
  /** How the process ended: on its own while the check ran (`crashed`), after stdin closed (`exited`), or by signal from the checker. */
  ended: z.enum(['crashed', 'exited', 'terminated', 'killed', 'not-started']),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
});
export type StdioLaunch = z.infer<typeof StdioLaunch>;

/** Requirements of one kind (MUST or SHOULD) by outcome. */
export const ConformanceTally = z.object({
  met: z.number().int(),
  failed: z.number().int(),
  notApplicable: z.number().int(),
  /** Cannot be seen from outside the server. */
  notTestable: z.number().int(),
  /** Could be tested, but was not this time (probes off, budget spent, no answer). */
  notTested: z.number().int(),
});

/** Per spec requirement: pass / fail / not applicable for the revision the check used (lib/mcp/conformance). */
export const Conformance = z.object({
  revision: z.string(),
  must: ConformanceTally,
  should: ConformanceTally,
  requirements: z.array(
    z.object({
      /** Stable id, e.g. `transport/origin-validated`. */
      id: z.string(),
      level: z.enum(['MUST', 'SHOULD']),
      status: z.enum(['met', 'failed', 'not-applicable', 'not-testable', 'not-tested']),
      specUrl: z.string(),
      /** The step that shows the result (a probe's row, or the check's own request); absent when none does. */
      stepId: z.string().optional(),
      /** The official conformance suite's scenario and check ids for the same rule. */
      suiteIds: z.array(z.string()).optional(),
    }),
  ),
});
export type Conformance = z.infer<typeof Conformance>;
export { ToolCall } from './call';
import { ToolCall } from './call';

export const Report = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  /** The MCP endpoint; for a stdio check, `stdio:` and the command line. */
  url: z.string(),
  /** `stdio` for a local server started by the CLI (absent: Streamable HTTP, as in every report before it). */
  transport: z.enum(['http', 'stdio']).optional(),
  stdio: StdioLaunch.optional(),
  checkedAt: z.string(),
  durationMs: z.number(),
  verdict: Verdict,
  /** One sentence that says what a person should know first. */
  summary: z.string(),
  era: Era,
  /** The revision the check used to talk to the server. */
  protocolVersion: z.string().optional(),
  /** Every revision the server was seen to accept. */
  supportedVersions: z.array(z.string()),
  serverInfo: Implementation.optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  instructions: z.string().optional(),
  session: Session.optional(),
  steps: z.array(Step),
  tools: z.array(Tool),
  /**
   * A hash of the tool catalogue (lib/report/fingerprint.ts), e.g. `sha256:3f…`: equal in two reports
   * when the tools offered were the same. Absent when no tool list was read, and on older reports.
   */
  toolsFingerprint: z.string().optional(),
  resources: z.array(Listed).optional(),
  prompts: z.array(Listed).optional(),
  resourceTemplates: z.array(Listed).optional(),
  compat: z.array(CompatRow).optional(),
  findings: z.array(Finding),
  /** Filled when the server asked for credentials (see lib/auth). */
  auth: AuthReport.optional(),
  sanitized: Sanitized.optional(),
  /** Spec requirements met and failed (absent on reports before it, and when no era was reached). */
  conformance: Conformance.optional(),
  /** False when the check ran without the conformance probes (`probes: false`, `--no-probes`). */
  probes: z.boolean().optional(),
  /** Tools a person called from this report (Try), in order; absent when nobody did. See ToolCall. */
  calls: z.array(ToolCall).optional(),
});
export type Report = z.infer<typeof Report>;
