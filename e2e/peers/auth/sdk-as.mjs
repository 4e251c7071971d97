// @modelcontextprotocol/sdk 1.x as the authorization server: mcpAuthRouter with the SDK's
// DemoInMemoryAuthProvider, which approves /authorize at once (302 to the redirect URI with a
// code), plus an RFC 7662-style /introspect endpoint the resource server verifies tokens with
// (as in the SDK's own demo). Rate limits are off: a test run registers many clients.
// Usage: node sdk-as.mjs [--scope=mcp:tools[,more:scopes]]
import { createServer } from 'node:http';
import express from 'express';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { announce, argValue, exitWithParent, listen } from './_common.mjs';

exitWithParent();
const scopes = argValue('scope', 'mcp:tools').split(',');

const server = createServer();
const port = await listen(server);
const issuerUrl = new URL(`http://127.0.0.1:${port}/`);

const provider = new DemoInMemoryAuthProvider();
const app = express();
app.use(
  mcpAuthRouter({
    provider,
    issuerUrl,
    scopesSupported: scopes,
    authorizationOptions: { rateLimit: false },
    tokenOptions: { rateLimit: false },
    clientRegistrationOptions: { rateLimit: false },
    revocationOptions: { rateLimit: false },
  }),
);
app.post('/introspect', express.urlencoded({ extended: false }), async (req, res) => {
  const token = typeof req.body?.token === 'string' ? req.body.token : '';
  try {
    const info = await provider.verifyAccessToken(token);
    res.json({ active: true, client_id: info.clientId, scope: info.scopes.join(' '), exp: info.expiresAt, aud: info.resource?.href });
  } catch {
    res.json({ active: false });
  }
});
server.on('request', app);
announce(port);
