// A protected MCP resource server: @modelcontextprotocol/server 2.x createMcpHandler behind
// requireBearerAuth, with oauthMetadataResponse serving the RFC 9728 document at the
// path-inserted well-known URL. The verifier matches the authorization server in front of it:
//   --as=sdk   asks the SDK demo AS's /introspect endpoint;
//   --as=oidc  verifies oidc-provider's JWT access tokens against its JWKS (jose), aud = this URL.
// Any verification failure becomes OAuthError('invalid_token') so the gate answers 401, not 500.
// --list-scope=<scope> makes it a step-up fixture: tools/list needs that scope too, and a token
// without it gets the SDK's own 403 insufficient_scope answer (bearerAuthChallengeResponse, as its
// per-tool scope challenges send for tools/call); the SDK has no switch for this on a listing.
// Usage: node resource-server.mjs --as=sdk|oidc --issuer=<issuer URL> [--scope=mcp:tools] [--list-scope=mcp:admin]
import { createServer } from 'node:http';
import { McpServer, createMcpHandler, requireBearerAuth, bearerAuthChallengeResponse, oauthMetadataResponse, getOAuthProtectedResourceMetadataUrl, OAuthError, OAuthErrorCode } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { announce, argValue, exitWithParent, listen } from './_common.mjs';

exitWithParent();
const kind = argValue('as', 'sdk');
const issuer = argValue('issuer', '');
const scope = argValue('scope', 'mcp:tools');
const listScope = argValue('list-scope', '');
if (kind !== 'sdk' && kind !== 'oidc') throw new Error(`bad --as: ${kind}`);
if (!issuer) throw new Error('--issuer is required');

const metadataRes = await fetch(new URL('.well-known/oauth-authorization-server', issuer.endsWith('/') ? issuer : `${issuer}/`));
if (!metadataRes.ok) throw new Error(`AS metadata: HTTP ${metadataRes.status}`);
const oauthMetadata = await metadataRes.json();

const server = createServer();
const port = await listen(server);
const mcpUrl = new URL(`http://127.0.0.1:${port}/mcp`);

const invalid = (why) => new OAuthError(OAuthErrorCode.InvalidToken, why);

async function verifySdk(token) {
  const res = await fetch(new URL('introspect', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  const info = res.ok ? await res.json() : { active: false };
  if (info.active !== true) throw invalid('Token is not active');
  return {
    token,
    clientId: String(info.client_id),
    scopes: typeof info.scope === 'string' && info.scope ? info.scope.split(' ') : [],
    expiresAt: Number(info.exp),
    ...(typeof info.aud === 'string' ? { resource: new URL(info.aud) } : {}),
  };
}

const jwks = kind === 'oidc' ? createRemoteJWKSet(new URL(oauthMetadata.jwks_uri)) : undefined;
async function verifyOidc(token) {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, jwks, { issuer: oauthMetadata.issuer, audience: mcpUrl.href }));
  } catch (err) {
    throw invalid(`JWT rejected: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    token,
    clientId: String(payload.client_id ?? payload.azp ?? ''),
    scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
    expiresAt: Number(payload.exp),
    resource: mcpUrl,
  };
}

const verifier = {
  async verifyAccessToken(token) {
    try {
      return kind === 'sdk' ? await verifySdk(token) : await verifyOidc(token);
    } catch (err) {
      throw err instanceof OAuthError ? err : invalid('Token could not be verified');
    }
  },
};

const gate = requireBearerAuth({
  verifier,
  requiredScopes: [scope],
  resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
  expectedResource: mcpUrl,
});
const metadataOptions = {
  oauthMetadata,
  resourceServerUrl: mcpUrl,
  scopesSupported: listScope ? [scope, listScope] : [scope],
  resourceName: `Protected peer (${kind})`,
};

const factory = () => {
  const mcp = new McpServer({ name: `peer-protected-${kind}`, version: '1.0.0' });
  mcp.registerTool('whoami', { description: 'Say which client the token was issued to.', inputSchema: z.object({}) }, async (_args, ctx) => ({
    content: [{ type: 'text', text: `client ${ctx.http?.authInfo?.clientId ?? 'unknown'}` }],
  }));
  mcp.registerTool('add_numbers', { description: 'Add two numbers.', inputSchema: z.object({ a: z.number(), b: z.number() }) }, async (a) => ({
    content: [{ type: 'text', text: String(a.a + a.b) }],
  }));
  return mcp;
};
const mcp = createMcpHandler(factory, { legacy: 'stateless' });

/** A POST whose JSON-RPC message (or one in a batch) is tools/list. */
async function isToolsList(request) {
  if (request.method !== 'POST') return false;
  try {
    const body = await request.clone().json();
    return (Array.isArray(body) ? body : [body]).some((m) => m?.method === 'tools/list');
  } catch {
    return false;
  }
}

const handler = toNodeHandler({
  fetch: async (request) => {
    const meta = oauthMetadataResponse(request, metadataOptions);
    if (meta) return meta;
    if (new URL(request.url).pathname !== '/mcp') return new Response('Not found', { status: 404 });
    const auth = await gate(request);
    if (auth instanceof Response) return auth;
    if (listScope && !auth.scopes.includes(listScope) && (await isToolsList(request))) {
      return bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InsufficientScope, `Listing tools needs the ${listScope} scope`), {
        requiredScopes: [listScope],
        resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
      });
    }
    return mcp.fetch(request, { authInfo: auth });
  },
});
server.on('request', (req, res) => void handler(req, res));
announce(port);
