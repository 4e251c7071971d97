// "Who can connect": derived from what the check saw, one row per kind of client.
import type { Finding } from '../report/schema';
import type { CompatRow } from '../report/schema';
import { MODERN_VERSION } from './protocol';

export interface CompatInput {
  era: 'modern' | 'legacy' | 'http+sse' | 'unknown';
  /** server/discover answered with a DiscoverResult. */
  modern: boolean;
  /** The version initialize (offering 2025-11-25) settled on, if it worked. */
  legacyVersion?: string;
  /** The answer to an initialize offering 2025-03-26, when that was probed. */
  oldest?: { accepted: boolean; answered?: string };
  findings: Finding[];
}

const MODERN_IDS = /^M\d+$/;

export function whoCanConnect(c: CompatInput): CompatRow[] {
  const modernIssues = c.findings.filter((f) => MODERN_IDS.test(f.id) && f.severity !== 'info');
  const rows: CompatRow[] = [];
  rows.push(
    c.modern
      ? {
          client: `${MODERN_VERSION} clients`,
          status: modernIssues.length ? 'warn' : 'yes',
          note: modernIssues.length ? `Connect, but see ${[...new Set(modernIssues.map((f) => f.id))].join(', ')}` : 'server/discover and stateless requests work',
        }
      : { client: `${MODERN_VERSION} clients`, status: 'no', note: c.era === 'unknown' ? 'No MCP answer' : 'server/discover is not answered: dual-era clients fall back to initialize' },
  );
  const lv = c.legacyVersion;
  rows.push(
    lv
      ? { client: 'Clients offering 2025-11-25', status: 'yes', note: lv === '2025-11-25' ? 'Negotiates 2025-11-25' : `Negotiates down to ${lv}` }
      : { client: 'Clients offering 2025-11-25', status: 'no', note: c.modern ? 'initialize is rejected: this server is 2026-07-28 only' : 'initialize failed' },
  );
  const older = (version: '2025-06-18' | '2025-03-26'): CompatRow => {
    const client = `Clients offering ${version}`;
    if (!lv) return { client, status: 'no', note: c.modern ? 'initialize is rejected' : 'initialize failed' };
    if (lv <= version) return { client, status: lv === version ? 'yes' : 'warn', note: lv === version ? `Negotiates ${version}` : `Negotiates down to ${lv}` };
    if (c.oldest?.accepted) return { client, status: 'yes', note: version === '2025-03-26' ? 'Probed: 2025-03-26 is accepted' : 'Accepts 2025-03-26, so 2025-06-18 too' };
    if (c.oldest?.answered) return { client, status: 'no', note: `Answers ${c.oldest.answered} to a 2025-03-26 client, which then disconnects` };
    return { client, status: 'unknown', note: 'Not probed' };
  };
  rows.push(older('2025-06-18'), older('2025-03-26'));
  rows.push(...sdkRows(c));
  rows.push(
    c.era === 'http+sse'
      ? { client: 'HTTP+SSE (2024-11-05) clients', status: 'warn', note: 'Only this deprecated transport works' }
      : { client: 'HTTP+SSE (2024-11-05) clients', status: 'no', note: c.era === 'unknown' ? 'No MCP answer' : 'This URL speaks Streamable HTTP only' },
  );
  return rows;
}

/**
 * Whether an S14/S21 finding names that SDK client among those that reject. Only the finding's own
 * words count: they come before " rejects" (sdk-accept.ts whoRejects), and after it is the server's
 * reason, whose property names may read "v1" or "v2" too (a tool parameter called v2 must not
 * make the v2 client reject what only v1 rejects).
 */
function names(f: Finding, tag: 'v1' | 'v2'): boolean {
  const end = f.message.search(/ rejects? /);
  return new RegExp(`\\b${tag}\\b`).test(end < 0 ? f.message : f.message.slice(0, end));
}

/**
 * The official TypeScript SDK clients by name: what their users get, from what the check saw and
 * what those packages' own schemas made of the tool list (S14, lib/mcp/sdk-accept.ts). v1 speaks
 * initialize-based revisions (and the old HTTP+SSE transport); v2 speaks both eras.
 */
function sdkRows(c: CompatInput): CompatRow[] {
  const rejection = (tag: 'v1' | 'v2') => c.findings.find((f) => f.id === 'S14' && names(f, tag));
  const row = (tag: 'v1' | 'v2', connects: boolean, how: string, cannot: string): CompatRow => {
    const client = `Official TypeScript SDK ${tag} client`;
    if (!connects) return { client, status: 'no', note: cannot };
    const refused = c.findings.find((f) => f.id === 'S21' && names(f, tag));
    if (refused) return { client, status: 'no', note: `Rejects the handshake result${refused.evidence ? ` (${refused.evidence})` : ''}: it cannot connect` };
    const r = rejection(tag);
    if (r) return { client, status: 'warn', note: `Connects, but rejects the whole tool list${r.evidence ? ` (${r.evidence})` : ''}: its users see no tools` };
    return { client, status: c.era === 'http+sse' ? 'warn' : 'yes', note: how };
  };
  return [
    row(
      'v1',
      !!c.legacyVersion || c.era === 'http+sse',
      c.era === 'http+sse' ? 'Only with its deprecated SSEClientTransport' : `Connects with initialize (${c.legacyVersion}) and accepts the tool list`,
      c.era === 'unknown' ? 'No MCP answer' : 'Speaks initialize-based revisions only, and initialize is not accepted here',
    ),
    row(
      'v2',
      c.modern || !!c.legacyVersion || c.era === 'http+sse',
      c.era === 'http+sse' ? 'Only with its deprecated SSE transport' : c.modern ? `Connects with server/discover (${MODERN_VERSION}) and accepts the tool list` : `Falls back to initialize (${c.legacyVersion}) and accepts the tool list`,
      c.era === 'unknown' ? 'No MCP answer' : 'Neither server/discover nor initialize works',
    ),
  ];
}
