// oidc-provider as the authorization server: real login and consent pages (devInteractions: any
// login is accepted), RFC 7591 registration at /reg, RFC 8707 resource indicators with JWT access
// tokens whose `aud` is the resource, PKCE required, and `iss` in authorization responses (RFC 9207).
// Usage: node oidc-as.mjs [--scope=mcp:tools[,more:scopes]]
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { announce, argValue, exitWithParent, listen } from './_common.mjs';

exitWithParent();
const scope = argValue('scope', 'mcp:tools').split(',').join(' ');

const server = createServer();
const port = await listen(server);
const issuer = `http://127.0.0.1:${port}`;

/** Only loopback MCP endpoints get tokens from this test AS. */
function isLoopbackResource(indicator) {
  try {
    const u = new URL(indicator);
    return u.protocol === 'http:' && u.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

const provider = new Provider(issuer, {
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resourceIndicator) => {
        if (!isLoopbackResource(resourceIndicator)) throw new Provider.errors.InvalidTarget();
        return {
          scope,
          audience: resourceIndicator,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  pkce: { required: () => true },
});
// Quiet the dev-keystore and other development warnings on stderr only; nothing goes to stdout.
provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error: ${err.message}\n`));

server.on('request', provider.callback());
announce(port);
