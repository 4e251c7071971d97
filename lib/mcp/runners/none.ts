// Neither era answered. A 400/404/405 to the initialize POST may mean the deprecated HTTP+SSE
// transport (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#backwards-compatibility):
// then the check speaks it (lib/mcp/httpsse.ts). Otherwise the era probes' rows say why nothing worked.
import { Tool as ToolSchema } from '../../report/schema';
import { quote } from '../../report/redact';
import { headerValue } from '../../net/headers';
import { finding } from '../findings';
import { probeHttpSse } from '../httpsse';
import { describeBody, interpret, settle } from '../interpret';
import { checkDuplicates } from '../listing';
import { HTTP_SSE_VERSION, MODERN_VERSION } from '../protocol';
import { mediaType } from '../sse';
import { isNamed, reviewTool } from '../tool-review';
import { markProbe, type EraOutcome, type EraRun } from './run';

export async function runNone(run: EraRun): Promise<EraOutcome> {
  const { discover, findings } = run;
  markProbe(await run.modernTools, 'modern probe; not used');
  const sse = run.branch.kind === 'none' && run.branch.tryHttpSse ? await runHttpSse(run) : undefined;
  if (!sse?.facts.handshake) {
    // The decisive failure is the legacy one when the modern probe got an HTTP answer at all.
    if (discover.status === undefined) settle(discover, interpret(discover, findings), '');
    else markProbe(discover, `Not a ${MODERN_VERSION} answer (HTTP ${discover.status})`);
  }
  return sse ?? { facts: { authRequired: false, handshake: false } };
}

/** The HTTP+SSE transport, if the URL serves it; undefined when it does not. */
async function runHttpSse(run: EraRun): Promise<EraOutcome | undefined> {
  const { ctx, url, discover, init, draft, findings } = run;
  const sse = await probeHttpSse(ctx, url, findings);
  if (!sse.detected) return undefined;
  draft.era = 'http+sse';
  if (sse.protocolVersion) {
    draft.protocolVersion = sse.protocolVersion;
    draft.supportedVersions = [sse.protocolVersion];
    if (sse.protocolVersion > HTTP_SSE_VERSION) {
      findings.push(
        finding(
          'T23',
          `The server negotiated ${quote(sse.protocolVersion)} over HTTP+SSE, but from 2025-03-26 that revision's transport is Streamable HTTP: the spec's guidance is to serve the new MCP endpoint beside the old SSE and POST endpoints. If it lives at another path, check that URL.`,
          { stepId: 'initialize (HTTP+SSE)' },
        ),
      );
    }
  }
  // The Streamable HTTP rows are what led here: say so, without the "wrong path" advice the
  // bare 404 would get (the path is right; the transport is the old one).
  markProbe(discover, `Not a ${MODERN_VERSION} answer (HTTP ${discover.status})`);
  markProbe(
    init,
    `Streamable HTTP not served here (HTTP ${init.status}${init.read?.body ? describeBody(init.read.body, mediaType(headerValue(init.headers, 'content-type'))) : ''}): the server speaks the deprecated HTTP+SSE transport, checked below`,
    'warn',
  );
  if (sse.serverInfo) draft.serverInfo = sse.serverInfo;
  if (sse.capabilities) draft.capabilities = sse.capabilities;
  let toolsListed: boolean | undefined;
  if (sse.tools) {
    toolsListed = true;
    draft.tools = sse.tools.flatMap((t) => {
      if (isNamed(t)) reviewTool(t, 'tools/list (HTTP+SSE)', findings);
      const parsed = ToolSchema.safeParse(t);
      return parsed.success ? [parsed.data] : [];
    });
    // Streamable HTTP listings check duplicates page by page (listTools); this one is not paged.
    checkDuplicates(draft.tools, findings, () => 'tools/list (HTTP+SSE)');
  }
  return { facts: { authRequired: false, handshake: sse.handshake, toolsListed, deprecatedTransportOnly: true } };
}
