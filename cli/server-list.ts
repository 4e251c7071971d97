// What `--from` reads: the servers to check, from a plain list or from MCP registry metadata.
// - text: one URL per line; blank lines and lines starting with # are skipped;
// - a registry server.json (https://github.com/modelcontextprotocol/registry, docs/reference/server-json):
//   its `remotes` of type streamable-http (and the deprecated sse, which the check recognises);
// - an array of server.json documents, or a registry list response ({"servers": [{"server": …}]}).
import { z } from 'zod';

const Remote = z.object({ type: z.string(), url: z.string() }).loose();
const ServerJson = z.object({ name: z.string().optional(), remotes: z.array(Remote).optional() }).loose();
const ListEntry = z.union([z.object({ server: ServerJson }).loose(), ServerJson]);
const RegistryList = z.object({ servers: z.array(ListEntry) }).loose();

export interface ListedServer {
  url: string;
  /** The registry name when the list came from registry metadata. */
  name?: string;
}

export type ParsedList = { ok: true; servers: ListedServer[] } | { ok: false; error: string };

const CHECKED_REMOTES = new Set(['streamable-http', 'sse']);

function fromServerJson(doc: z.infer<typeof ServerJson>): ListedServer[] {
  return (doc.remotes ?? [])
    .filter((r) => CHECKED_REMOTES.has(r.type))
    .map((r) => ({ url: r.url, ...(doc.name ? { name: doc.name } : {}) }));
}

export function parseServerList(text: string): ParsedList {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'the file lists no servers' };
  let servers: ListedServer[];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (err) {
      return { ok: false, error: `the file is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
    }
    const list = RegistryList.safeParse(doc);
    const array = z.array(ListEntry).safeParse(doc);
    const single = ServerJson.safeParse(doc);
    const entries = list.success ? list.data.servers : array.success ? array.data : single.success ? [single.data] : undefined;
    if (!entries) return { ok: false, error: 'the JSON is neither a server.json, an array of them, nor a registry list ({"servers": […]})' };
    servers = entries.flatMap((e) => fromServerJson('server' in e && e.server && typeof e.server === 'object' ? (e.server as z.infer<typeof ServerJson>) : (e as z.infer<typeof ServerJson>)));
    if (!servers.length) return { ok: false, error: 'no remote with type streamable-http or sse in the registry metadata' };
  } else {
    servers = trimmed
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((url) => ({ url }));
  }
  // The same server listed twice is checked once.
  const seen = new Set<string>();
  return { ok: true, servers: servers.filter((s) => (seen.has(s.url) ? false : (seen.add(s.url), true))) };
}
