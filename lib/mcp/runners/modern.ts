// The 2026-07-28 era (stateless): server/discover said what the server is, then every listing it
// advertises, each request carrying _meta and the mirrored headers
// (https://modelcontextprotocol.io/specification/2026-07-28/server/discover). A dual-era server's
// initialize answer says what legacy clients get; a modern-only server's rejection of it is judged (L6).
import type { Exchange } from '../exchange';
import { finding } from '../findings';
import { interpret, settle } from '../interpret';
import { checkLegacyRejection, deleteSession } from '../legacy';
import { checkModernPages, readDiscover, sendModernList } from '../modern';
import { listEverything } from '../paths';
import { LATEST_LEGACY_VERSION, MODERN_VERSION } from '../protocol';
import { startProbes } from '../conformance';
import { SPOKEN_VERSIONS } from '../era';
import { quote } from '../../report/redact';
import { markProbe, type EraOutcome, type EraRun } from './run';

const LEGACY_CANNOT_CONNECT = `initialize not accepted: clients of revisions up to ${LATEST_LEGACY_VERSION} cannot connect`;

export async function runModern(run: EraRun): Promise<EraOutcome> {
  const { ctx, url, discover, init, legacy, era, draft, findings } = run;
  draft.era = 'modern';
  draft.protocolVersion = MODERN_VERSION;
  // The modern path never uses the session the era probe opened: end it now, beside the
  // listings, rather than one round trip after them.
  const endProbeSession = legacy?.sessionId ? deleteSession(ctx, url, legacy, findings) : undefined;
  if (era.kind === 'ambiguous') {
    findings.push(finding('M4', 'server/discover is answered "method not found", but every 2026-07-28 server must implement it.', { stepId: discover.step.id }));
  }
  let facts;
  if (era.kind === 'modern') facts = readDiscover(discover, findings);
  else settle(discover, interpret(discover, findings), '');
  if (legacy) init.step.notes = `Legacy clients can connect too: ${init.step.notes}`;
  else markProbe(init, LEGACY_CANNOT_CONNECT);
  run.release(discover.step, init.step);
  const handshake = !!facts;
  let toolsListed: boolean | undefined;
  let conformance: EraOutcome['conformance'];
  if (facts) {
    draft.supportedVersions = facts.supportedVersions.length ? facts.supportedVersions : [MODERN_VERSION];
    draft.capabilities = facts.capabilities;
    if (facts.instructions) draft.instructions = facts.instructions;
    if (facts.serverInfo) draft.serverInfo = facts.serverInfo;
    if (run.conformance) conformance = startProbes(ctx, url, findings, { era: 'modern', modernOnly: !legacy });
    toolsListed = await listModern(run, facts.capabilities);
  } else {
    markProbe(await run.modernTools, 'not used: server/discover failed');
  }
  run.release((await run.modernTools).step);
  const outcome: EraOutcome = { facts: { authRequired: false, handshake, toolsListed }, modern: handshake, corsEra: 'modern', ...(conformance ? { conformance } : {}) };
  if (legacy) {
    // What legacy clients get from this server ("who can connect").
    draft.supportedVersions = [...new Set([...draft.supportedVersions, legacy.protocolVersion])];
    run.announce(outcome.facts);
    await endProbeSession;
  } else {
    // init is not read again: markProbe (above) only relabelled its step.
    checkLegacyRejection(init, findings);
  }
  return outcome;
}

/** Every listing the server advertises; page one of tools/list was sent beside server/discover. */
async function listModern(run: EraRun, capabilities: Record<string, unknown>): Promise<boolean | undefined> {
  const { ctx, url, findings, draft } = run;
  if (!capabilities.tools) {
    const x: Exchange = await run.modernTools;
    x.step.status = 'skipped';
    x.step.notes = 'sent early beside server/discover; not used: the server does not advertise tools';
    delete x.step.error;
    const listed = x.match?.kind === 'result' && Array.isArray((x.match.result as { tools?: unknown } | null)?.tools);
    if (listed) {
      // Allowed but worth knowing: clients that follow capabilities never see these tools (2025-11-25 lifecycle
      // §Capability Negotiation, https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#capability-negotiation).
      findings.push(finding('L5', 'tools/list works although the "tools" capability is not advertised: clients that follow capabilities never list these tools.', { stepId: x.step.id, severity: 'info' }));
    }
  }
  return listEverything(capabilities, MODERN_VERSION, (kind, cursor, page) => sendModernList(ctx, url, kind, cursor, page), run.modernTools, draft, findings, (method, results) =>
    checkModernPages(method, results, findings),
  );
}

/**
 * -32022 naming only revisions this checker (and so today's clients) cannot speak: a valid MCP
 * answer, so the server is up and speaking MCP. Not DOWN: say so plainly
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning).
 */
export async function runUnspeakable(run: EraRun): Promise<EraOutcome> {
  const { discover, init, draft, findings } = run;
  const supported = run.branch.kind === 'unspeakable' ? run.branch.supported : [];
  draft.era = 'modern';
  draft.supportedVersions = supported;
  settle(discover, interpret(discover, findings), '');
  discover.step.status = 'warn';
  discover.step.notes = `-32022: the server speaks only ${supported.map((v) => quote(v)).join(', ')}`;
  findings.push(
    finding('M15', `This server only speaks ${supported.map((v) => quote(v)).join(', ')}; this checker speaks ${SPOKEN_VERSIONS.join(', ')}. Clients of the revisions this checker speaks cannot connect.`, {
      stepId: discover.step.id,
    }),
  );
  markProbe(await run.modernTools, 'not used: no common protocol version');
  markProbe(init, LEGACY_CANNOT_CONNECT);
  return { facts: { authRequired: false, handshake: false, noCommonVersion: true } };
}
