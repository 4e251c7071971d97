// Every check the engine makes, mapped to the spec requirement it tests: revision, section, level
// (RFC 2119 keyword) and a stable id. `suite` names the ids of the official conformance suite
// (github.com/modelcontextprotocol/conformance, requirements/*.yaml scenario ids and its check ids)
// that test the same rule; suite-ids.json holds those ids and a unit test keeps the two in step.
import type { Report } from '../../report/schema';
import type { RuleId } from '../findings';

const S = 'https://modelcontextprotocol.io/specification';
export const LEGACY_REVISIONS = ['2025-03-26', '2025-06-18', '2025-11-25'] as const;
export const ALL_REVISIONS = [...LEGACY_REVISIONS, '2026-07-28'] as const;
export type Revision = (typeof ALL_REVISIONS)[number];
const LEGACY = LEGACY_REVISIONS;
const FROM_0618: readonly Revision[] = ['2025-06-18', '2025-11-25', '2026-07-28'];
const MODERN: readonly Revision[] = ['2026-07-28'];

export type Level = 'MUST' | 'SHOULD';

export interface Requirement {
  id: string;
  level: Level;
  revisions: readonly Revision[];
  specUrl: string;
  /** Ids in the official conformance suite that test the same rule. */
  suite?: readonly string[];
  /** Findings that mean the requirement failed (at warning or error; info findings are notes). */
  findings?: readonly RuleId[];
  /** Judged by an active probe (lib/mcp/conformance): its outcome decides, and no outcome means not tested. */
  probe?: true;
  /** Cannot be seen from outside the server (reported, never judged). */
  notTestable?: true;
  /** A rule of the Streamable HTTP transport: not applicable to a server checked over stdio. */
  http?: true;
  /** A rule of the stdio transport only: left out of the table of a check over HTTP, where it has no meaning. */
  stdio?: true;
  /**
   * The check's own step that shows a requirement judged on the core path (its id, or the start of
   * it: `tools/list` also finds `tools/list (modern)`); `handshake` is initialize or server/discover
   * by era, `sse` the first one answered with an event stream. Probe-judged rows name their probe's step instead.
   */
  step?: string;
  /** False when the rule has nothing to apply to in this report (no session, no tools, …). */
  applies?: (r: Report) => boolean;
}

const hasTools = (r: Report) => r.tools.length > 0;
/** The first request of the check a client makes that was answered with an event stream (not the standalone GET, whose events the check never reads): rules about SSE events judge nothing when none came. */
export const firstStream = (r: Pick<Report, 'steps'>) => r.steps.find((s) => s.group !== 'probe' && s.request?.method !== 'GET' && /^text\/event-stream/i.test(s.response?.contentType ?? ''));
const legacyPath = (r: Report) => r.era === 'legacy';
const modernPath = (r: Report) => r.era === 'modern';
const streamedLegacy = (r: Report) => legacyPath(r);

export const REQUIREMENTS = [
  // Transport (Streamable HTTP)
  { id: 'transport/content-type', step: 'handshake', http: true, level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server`, findings: ['T1'] },
  { id: 'jsonrpc/message-shape', step: 'handshake', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic#messages`, findings: ['T2'] },
  { id: 'jsonrpc/response-id', step: 'handshake', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic#result-responses`, findings: ['T3'] },
  { id: 'jsonrpc/error-shape', step: 'handshake', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic#error-responses`, findings: ['T4'] },
  { id: 'transport/sse-events', step: 'sse', applies: (r) => firstStream(r) !== undefined, http: true, level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server`, findings: ['T5', 'T19'] },
  { id: 'transport/accept-both', step: 'handshake', http: true, level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server`, findings: ['T8'] },
  // stdio: "The server MUST NOT write anything to its stdout that is not a valid MCP message" (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio).
  { id: 'transport/stdio-stdout-messages-only', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/basic/transports#stdio`, findings: ['T24'], stdio: true },
  { id: 'transport/no-batch-responses', step: 'handshake', level: 'MUST', revisions: FROM_0618, specUrl: `${S}/2025-06-18/changelog`, findings: ['T15'] },
  {
    id: 'transport/origin-validated',
    http: true,
    level: 'MUST',
    revisions: ALL_REVISIONS,
    specUrl: `${S}/2025-11-25/basic/transports#security-warning`,
    suite: ['dns-rebinding-protection', 'localhost-host-rebinding-rejected'],
    probe: true,
  },
  { id: 'transport/notification-202', step: 'notifications/initialized', http: true, level: 'MUST', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server`, findings: ['T7'], applies: legacyPath },
  { id: 'transport/protocol-version-header', step: 'tools/list', http: true, level: 'MUST', revisions: ['2025-06-18', '2025-11-25'], specUrl: `${S}/2025-11-25/basic/transports#protocol-version-header`, findings: ['T11'], applies: legacyPath },
  { id: 'transport/get-stream-or-405', step: 'get-stream', http: true, level: 'MUST', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/transports#listening-for-messages-from-the-server`, findings: ['T12'], applies: legacyPath },
  // Sessions
  {
    id: 'session/id-visible-ascii', step: 'initialize',
    http: true,
    level: 'MUST',
    revisions: LEGACY,
    specUrl: `${S}/2025-11-25/basic/transports#session-management`,
    suite: ['server-initialize', 'server-session-id-visible-ascii'],
    findings: ['T10'],
    applies: (r) => r.session?.issued === true,
  },
  { id: 'session/unknown-404', http: true, level: 'MUST', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/transports#session-management`, probe: true, applies: legacyPath },
  { id: 'session/missing-400', http: true, level: 'SHOULD', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/transports#session-management`, probe: true, applies: legacyPath },
  {
    id: 'session/terminated-404',
    http: true,
    level: 'MUST',
    revisions: LEGACY,
    specUrl: `${S}/2025-11-25/basic/transports#session-management`,
    suite: ['server-session-lifecycle', 'server-session-terminated-returns-404'],
    probe: true,
    applies: legacyPath,
  },
  // Streams (2025-11-25)
  {
    id: 'stream/priming-event',
    http: true,
    level: 'SHOULD',
    revisions: ['2025-11-25'],
    specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server`,
    suite: ['server-sse-polling', 'server-sse-priming-event'],
    probe: true,
    applies: streamedLegacy,
  },
  // https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server: a server that closes the connection before the response SHOULD send `retry` first.
  {
    id: 'stream/retry-before-close',
    http: true,
    level: 'SHOULD',
    revisions: ['2025-11-25'],
    specUrl: `${S}/2025-11-25/basic/transports#sending-messages-to-the-server`,
    suite: ['server-sse-polling', 'server-sse-retry-field'],
    probe: true,
    applies: streamedLegacy,
  },
  { id: 'stream/resume-get', http: true, level: 'MUST', revisions: ['2025-11-25'], specUrl: `${S}/2025-11-25/basic/transports#resumability-and-redelivery`, probe: true, applies: streamedLegacy },
  // Lifecycle (initialize-based revisions)
  { id: 'lifecycle/initialize-result', step: 'initialize', level: 'MUST', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/lifecycle#initialization`, suite: ['server-initialize'], findings: ['L1'], applies: legacyPath },
  { id: 'lifecycle/version-negotiation', step: 'initialize', level: 'MUST', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/lifecycle#version-negotiation`, findings: ['L3'], applies: legacyPath },
  { id: 'lifecycle/ping', step: 'ping', level: 'MUST', revisions: LEGACY, specUrl: `${S}/2025-11-25/basic/utilities/ping`, suite: ['ping'], findings: ['L4'], applies: legacyPath },
  { id: 'lifecycle/capabilities-honoured', step: 'tools/list', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/server/tools#capabilities`, findings: ['L5'] },
  // Tools
  { id: 'tools/list-shape', step: 'tools/list', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/schema`, suite: ['tools-list'], findings: ['S1'] },
  { id: 'tools/input-schema-object', step: 'tools/list', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/server/tools#data-types`, suite: ['tools-list'], findings: ['S2'], applies: hasTools },
  {
    id: 'tools/json-schema-valid', step: 'tools/list',
    level: 'MUST',
    revisions: ['2025-11-25', '2026-07-28'],
    specUrl: `${S}/2025-11-25/basic#json-schema-usage`,
    suite: ['json-schema-2020-12', 'json-schema-2020-12-$schema'],
    findings: ['S3'],
    applies: hasTools,
  },
  { id: 'tools/output-schema-object', step: 'tools/list', level: 'MUST', revisions: ['2025-06-18', '2025-11-25'], specUrl: `${S}/2025-06-18/schema#tool`, findings: ['S4'], applies: hasTools },
  { id: 'tools/name-format', step: 'tools/list', level: 'SHOULD', revisions: ['2025-11-25', '2026-07-28'], specUrl: `${S}/2025-11-25/server/tools#tool-names`, findings: ['S5'], applies: hasTools },
  { id: 'tools/name-unique', step: 'tools/list', level: 'SHOULD', revisions: ['2025-11-25', '2026-07-28'], specUrl: `${S}/2025-11-25/server/tools#tool-names`, findings: ['S6'], applies: hasTools },
  { id: 'pagination/cursor', step: 'tools/list', level: 'SHOULD', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/server/utilities/pagination#implementation-guidelines`, findings: ['S7'] },
  { id: 'tools/validate-inputs', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/server/tools#security-considerations`, notTestable: true },
  { id: 'tools/access-control', level: 'MUST', revisions: ALL_REVISIONS, specUrl: `${S}/2025-11-25/server/tools#security-considerations`, notTestable: true },
  // 2026-07-28
  { id: 'modern/result-type', step: 'server/discover', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/basic#result-responses`, findings: ['M1'], applies: modernPath },
  {
    id: 'modern/caching-hints', step: 'tools/list',
    level: 'MUST',
    revisions: MODERN,
    specUrl: `${S}/2026-07-28/server/utilities/caching#cacheable-results`,
    suite: ['caching', 'sep-2549-ttl-non-negative', 'sep-2549-cache-scope-valid'],
    findings: ['M2', 'M3'],
    applies: modernPath,
  },
  { id: 'modern/discover', step: 'server/discover', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/server/discover`, suite: ['server-stateless', 'sep-2575-server-implements-discover'], findings: ['M4', 'M5'], applies: modernPath },
  { id: 'modern/server-info-meta', step: 'server/discover', level: 'SHOULD', revisions: MODERN, specUrl: `${S}/2026-07-28/basic#meta`, suite: ['sep-2575-server-identifies-in-result-meta'], findings: ['M6'], applies: modernPath },
  { id: 'modern/error-codes', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/basic#error-codes`, findings: ['M11'], applies: modernPath },
  { id: 'modern/no-sessions', step: 'server/discover', http: true, level: 'SHOULD', revisions: MODERN, specUrl: `${S}/2026-07-28/basic/transports/streamable-http#backward-compatibility`, findings: ['M12'], applies: modernPath },
  { id: 'modern/no-log-without-level', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/changelog`, suite: ['sep-2575-server-no-log-without-loglevel'], findings: ['M13'], applies: modernPath },
  {
    id: 'modern/header-mismatch',
    http: true,
    level: 'MUST',
    revisions: MODERN,
    specUrl: `${S}/2026-07-28/basic/transports/streamable-http#server-validation`,
    suite: ['sep-2575-http-server-header-mismatch-400', 'sep-2243-server-reject-invalid-headers', 'sep-2243-server-reject-error-code'],
    probe: true,
    applies: modernPath,
  },
  {
    id: 'modern/unsupported-version',
    level: 'MUST',
    revisions: MODERN,
    specUrl: `${S}/2026-07-28/basic/versioning#protocol-version-negotiation`,
    suite: ['sep-2575-http-server-unsupported-version-400', 'sep-2575-server-unsupported-version-error'],
    probe: true,
    applies: modernPath,
  },
  { id: 'modern/unknown-method', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/basic/transports/streamable-http#protocol-version-header`, suite: ['sep-2575-http-server-method-not-found-404'], probe: true, applies: modernPath },
  { id: 'modern/removed-methods', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/changelog`, probe: true, applies: (r) => modernPath(r) && !r.supportedVersions.some((v) => v < '2026') },
  { id: 'modern/meta-required', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/basic#meta`, suite: ['sep-2575-http-server-meta-invalid-400', 'sep-2575-request-meta-invalid-missing-meta', 'sep-2575-request-meta-invalid-missing-client-capabilities'], probe: true, applies: modernPath },
  { id: 'modern/error-id', level: 'MUST', revisions: MODERN, specUrl: `${S}/2026-07-28/basic#error-responses`, suite: ['sep-2575-http-server-error-jsonrpc-id'], probe: true, applies: modernPath },
] as const satisfies readonly Requirement[];

export type RequirementId = (typeof REQUIREMENTS)[number]['id'];
