// `mcp-health mcp`: the checker as an MCP server over stdio, for an assistant on the person's own
// machine. stdio transport: https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio
// The SDK's serveStdio answers both eras (server/discover or initialize) from one factory.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { runCheck } from '../lib/check';
import { appPolicy, engineDeps } from '../lib/deps';
import { judgeTarget } from '../lib/net/target';
import { parseCheckRequest } from '../lib/input';
import { createCheckerServer } from '../lib/mcp-server/server';

export function serveCheckerOverStdio(version: string): Promise<number> {
  return new Promise((resolve) => {
    const handle = serveStdio(() =>
      createCheckerServer({
        version,
        async check(url, headers) {
          const input = parseCheckRequest({ url, headers });
          if (!input.ok) return { ok: false, error: input.error };
          // Same policy as `mcp-health check`: the person's machine, where localhost is theirs.
          const target = await judgeTarget(input.value.url, appPolicy({ allowPrivate: true }));
          if (!target.ok) return { ok: false, error: target.message };
          const report = await runCheck({ url: input.value.url, headers: input.value.headers }, engineDeps({ allowPrivate: true }));
          return { ok: true, report };
        },
      }),
    );
    // The client ends the session by closing our stdin (stdio transport, "Shutdown").
    process.stdin.once('end', () => void handle.close().then(() => resolve(0)));
  });
}
