// The initialize-based era (2025-03-26 … 2025-11-25): the era probe's initialize opened the session;
// then initialized, ping, the listings and the side probes side by side, and the session's DELETE
// (https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle).
import { deleteSession, sendInitialized, sendLegacyList, sendPing, type LegacyFacts } from '../legacy';
import { adoptLegacy, listEverything } from '../paths';
import { getStreamProbe, olderClientProbe } from '../probes';
import { MODERN_VERSION } from '../protocol';
import { startProbes } from '../conformance';
import { quote } from '../../report/redact';
import { markProbe, type EraOutcome, type EraRun } from './run';

export async function runLegacy(run: EraRun): Promise<EraOutcome> {
  const { ctx, url, discover, init, era, draft, findings } = run;
  const legacy = run.legacy!;
  markProbe(
    discover,
    era.kind === 'modern-error' && era.code === -32022 && era.supported?.length
      ? // The client's retry after -32022 (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#protocol-version-negotiation: choose a mutually supported version from data.supported and retry) is the initialize below.
        `-32022: the server speaks ${era.supported.map((v) => quote(v)).join(', ')} (data.supported), so a client retries with initialize, as this check did`
      : `Not a ${MODERN_VERSION} server${discover.status !== undefined ? ` (HTTP ${discover.status})` : ''}: using initialize`,
  );
  const modernTools = await run.modernTools;
  markProbe(modernTools, 'modern probe; not used');
  run.release(discover.step, init.step, modernTools.step);
  const conformance = run.conformance ? startProbes(ctx, url, findings, { era: 'legacy', facts: legacy }) : undefined;
  adoptLegacy(draft, legacy);
  draft.session = { issued: !!legacy.sessionId, ...(legacy.sessionId ? { id: legacy.sessionId } : {}), ended: 'not-attempted' };
  // The older-client probe is a handshake of its own: it needs neither this session nor the
  // initialized notification, so it goes out beside the notification. Its DELETE then overlaps ping
  // and the listings instead of adding a round trip after them (docs/benchmarks.md).
  const oldestP = legacy.protocolVersion !== '2025-03-26' ? olderClientProbe(ctx, url, '2025-03-26') : undefined;
  await sendInitialized(ctx, url, legacy, findings);
  // After initialized: ping, the side probes and the listings all go at once (in this order).
  const [, , oldest, toolsListed] = await Promise.all([
    sendPing(ctx, url, legacy, findings),
    getStreamProbe(ctx, url, legacy, findings),
    oldestP,
    listLegacy(run, legacy).then((listed) => {
      // Known before the session's DELETE: announce it now (issue 20, time to verdict).
      run.announce({ authRequired: false, handshake: true, toolsListed: listed });
      return listed;
    }),
  ]);
  if (oldest?.accepted) draft.supportedVersions = [...new Set([...draft.supportedVersions, '2025-03-26'])];
  // The one round trip past the issue's 3×D floor: the session can only be ended after its last
  // request has been answered, and the answer is reported (T13, session.ended). See
  // docs/benchmarks.md, "The DELETE".
  if (legacy.sessionId) draft.session.ended = await deleteSession(ctx, url, legacy, findings);
  return {
    facts: { authRequired: false, handshake: true, toolsListed },
    corsEra: 'legacy',
    ...(oldest ? { oldest } : {}),
    ...(conformance ? { conformance } : {}),
  };
}

function listLegacy(run: EraRun, legacy: LegacyFacts): Promise<boolean | undefined> {
  const { ctx, url, draft, findings } = run;
  return listEverything(legacy.capabilities, legacy.protocolVersion, (kind, cursor, page) => sendLegacyList(ctx, url, legacy, kind, cursor, page), undefined, draft, findings);
}
