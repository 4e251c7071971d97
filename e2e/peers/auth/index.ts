/**
 * Authorization peers: a real authorization server in front of a protected MCP resource server,
 * each a child process on 127.0.0.1.
 *
 *   sdk   @modelcontextprotocol/sdk 1.x mcpAuthRouter + DemoInMemoryAuthProvider (approves at once)
 *   oidc  oidc-provider with login and consent pages (devInteractions: any login is accepted)
 *
 * The resource server is @modelcontextprotocol/server 2.x behind requireBearerAuth, serving its
 * metadata with oauthMetadataResponse. Each runs as a peer (e2e/peers/index.ts, startScript).
 */
import { fileURLToPath } from 'node:url';
import { startScript } from '../index';

export type AuthStackKind = 'sdk' | 'oidc';

export interface AuthStack {
  kind: AuthStackKind;
  /** The protected MCP endpoint. */
  mcpUrl: string;
  /** The authorization server's issuer, exactly as its metadata spells it. */
  issuer: string;
  stop(): Promise<void>;
}

const dir = fileURLToPath(new URL('./', import.meta.url));

type Started = Awaited<ReturnType<typeof startScript>>;
const start = (script: string, args: string[]): Promise<Started> => startScript(script, dir + script, args);

/**
 * Start an authorization server and the MCP resource server it protects. `listScope` makes the
 * resource server a step-up fixture: tools/list also needs that scope (403 insufficient_scope
 * without it); only the SDK authorization server is started with it (it grants what is asked).
 */
export async function startAuthStack(kind: AuthStackKind, opts: { scope?: string; listScope?: string } = {}): Promise<AuthStack> {
  const scope = opts.scope ?? 'mcp:tools';
  const as = await start(kind === 'sdk' ? 'sdk-as.mjs' : 'oidc-as.mjs', [`--scope=${[scope, ...(opts.listScope ? [opts.listScope] : [])].join(',')}`]);
  let rs: Started | undefined;
  try {
    // The SDK AS builds its issuer with new URL(), which adds a trailing "/"; oidc-provider keeps
    // the string it was given. The PRM lists the issuer exactly as the AS metadata spells it.
    const issuer = kind === 'sdk' ? `http://127.0.0.1:${as.port}/` : `http://127.0.0.1:${as.port}`;
    rs = await start('resource-server.mjs', [`--as=${kind}`, `--issuer=${issuer}`, `--scope=${scope}`, ...(opts.listScope ? [`--list-scope=${opts.listScope}`] : [])]);
    const both = rs;
    return {
      kind,
      mcpUrl: `http://127.0.0.1:${rs.port}/mcp`,
      issuer,
      stop: async () => {
        await Promise.all([both.stop(), as.stop()]);
      },
    };
  } catch (err) {
    await Promise.all([rs?.stop(), as.stop()]);
    throw err;
  }
}
