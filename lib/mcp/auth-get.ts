// The GETs of authorization discovery go through the check's outbound handle (lib/net), with the
// same address policy, caps and deadline as the MCP requests.
import type { GetResult } from '../auth/discovery';
import type { CheckContext } from './exchange';
import { readText } from '../net/text';

const MAX_METADATA_BYTES = 256 * 1024;

export function authGet(ctx: CheckContext) {
  return async (url: string, headers: Record<string, string> = {}): Promise<GetResult> => {
    // No credentials go to metadata URLs: they may be on other hosts than the MCP server.
    const r = await ctx.outbound({ method: 'GET', url, headers: { accept: 'application/json', ...headers }, timeoutMs: ctx.stepTimeoutMs, signal: ctx.signal });
    if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message };
    const res = r.response;
    const read = await readText(res, MAX_METADATA_BYTES);
    if (!read.ok) {
      return read.code === 'TOO_LARGE'
        ? { ok: false, code: 'TOO_LARGE', message: `The metadata document is larger than ${MAX_METADATA_BYTES / 1024} KB.` }
        : { ok: false, code: 'NETWORK', message: 'The connection broke while the metadata document was being read.' };
    }
    return { ok: true, status: res.status, headers: res.headers, text: read.text };
  };
}
