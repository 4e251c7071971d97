import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AuthReport } from '@/lib/report/auth';
import { AuthCallout } from './AuthCallout';
import { AuthActions, type AuthCalloutActions } from './AuthActions';

const auth: AuthReport = {
  status: 401,
  revision: '2026-07-28',
  challenge: { scheme: 'Bearer', params: [['scope', 'files:read']], raw: ['Bearer scope="files:read", resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp"'] },
  resourceMetadataUrl: 'https://mcp.example/.well-known/oauth-protected-resource/mcp',
  resourceMetadataSource: 'header',
  resourceMetadata: { resource: 'https://mcp.example/mcp', authorization_servers: ['https://as.example'] },
  resourceMatch: 'pass',
  authorizationServerMetadataUrl: 'https://as.example/.well-known/oauth-authorization-server',
  authorizationServerSource: 'metadata',
  authorizationServer: {
    issuer: 'https://as.example',
    authorization_endpoint: 'https://as.example/authorize',
    token_endpoint: 'https://as.example/token',
    registration_endpoint: 'https://as.example/register',
    code_challenge_methods_supported: ['S256'],
  },
  registration: 'dcr',
  scopes: ['files:read'],
  trail: [
    { url: 'https://mcp.example/.well-known/oauth-protected-resource/mcp', purpose: 'prm', status: 200, outcome: 'ok', note: 'resource https://mcp.example/mcp (pass)' },
    { url: 'https://as.example/.well-known/oauth-authorization-server', purpose: 'as-metadata', status: 200, outcome: 'ok', note: 'issuer https://as.example' },
  ],
  findings: [],
};

describe('AuthCallout', () => {
  it('on a shared page (no form around it) shows the facts and the trail, and no actions', () => {
    const html = renderToStaticMarkup(createElement(AuthCallout, { auth, url: 'https://mcp.example/mcp' }));
    expect(html).toContain('https://as.example');
    expect(html).toContain('files:read');
    expect(html).toContain('dynamic client registration');
    expect(html).toContain('oauth-protected-resource/mcp');
    expect(html).not.toContain('<button');
    expect(html).not.toContain('Paste a token');
    expect(html).toContain('check this server yourself');
  });

  it('in the live page offers Get a token and Paste a token as real buttons', () => {
    const actions: AuthCalloutActions = { getToken: () => undefined, pasteToken: () => undefined, busy: false };
    const url = 'https://mcp.example/mcp';
    const html = renderToStaticMarkup(createElement(AuthCallout, { auth, url, actions: createElement(AuthActions, { actions, auth, url }) }));
    expect(html).toMatch(/<button type="button" class="primary"[^>]*>Get a token<\/button>/);
    expect(html).toMatch(/<button type="button" class="secondary"[^>]*>Paste a token<\/button>/);
  });

  it('disables Get a token and says why when MCP forbids continuing', () => {
    const actions: AuthCalloutActions = { getToken: () => undefined, pasteToken: () => undefined, busy: false };
    const noS256 = { ...auth, authorizationServer: { ...auth.authorizationServer!, code_challenge_methods_supported: [] } };
    const url = 'https://mcp.example/mcp';
    const html = renderToStaticMarkup(createElement(AuthCallout, { auth: noS256, url, actions: createElement(AuthActions, { actions, auth: noS256, url }) }));
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Get a token/);
    expect(html).toContain('S256');
  });

  it('a refused token is quoted, not treated as no token: invalid_token and insufficient_scope with its scope', () => {
    const url = 'https://mcp.example/mcp';
    const invalid = { ...auth, rejected: { error: 'invalid_token', description: 'The access token expired' } };
    const html = renderToStaticMarkup(createElement(AuthCallout, { auth: invalid, url }));
    expect(html).toContain('The server rejected the token');
    expect(html).toContain('invalid_token (“The access token expired”)');
    expect(html).not.toContain('This server needs an OAuth token');

    const scope = { ...auth, status: 403 as const, rejected: { error: 'insufficient_scope', scope: 'files:write' } };
    const html2 = renderToStaticMarkup(createElement(AuthCallout, { auth: scope, url }));
    expect(html2).toContain('The token lacks a scope');
    expect(html2).toContain('it needs the scope “files:write”');
  });
});
