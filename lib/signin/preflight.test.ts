import { describe, expect, it } from 'vitest';
import type { AuthReport } from '../report/auth';
import { blockingProblem } from './preflight';

const base: AuthReport = {
  status: 401,
  revision: '2026-07-28',
  challenge: null,
  scopes: [],
  trail: [],
  findings: [],
  resourceMetadata: { resource: 'https://mcp.example/mcp' },
  resourceMatch: 'pass',
  authorizationServer: {
    issuer: 'https://as.example',
    authorization_endpoint: 'https://as.example/authorize',
    token_endpoint: 'https://as.example/token',
    code_challenge_methods_supported: ['S256'],
  },
};
const url = 'https://mcp.example/mcp';

describe('blockingProblem (what MCP says a client must refuse)', () => {
  it('lets a compliant server through', () => {
    expect(blockingProblem(base, url)).toBeUndefined();
  });
  it('stops without an authorization server', () => {
    expect(blockingProblem({ ...base, authorizationServer: undefined }, url)).toMatch(/No authorization server/);
  });
  it('stops on a resource mismatch graded error', () => {
    expect(blockingProblem({ ...base, resourceMatch: 'error', resourceMetadata: { resource: 'https://other.example/mcp' } }, url)).toMatch(/other\.example.*must not be sent here/);
  });
  it('stops without S256', () => {
    expect(blockingProblem({ ...base, authorizationServer: { ...base.authorizationServer!, code_challenge_methods_supported: ['plain'] } }, url)).toMatch(/S256/);
  });
  it('stops on plain-http endpoints off loopback, and on non-web URLs', () => {
    expect(blockingProblem({ ...base, authorizationServer: { ...base.authorizationServer!, token_endpoint: 'http://as.example/token' } }, url)).toMatch(/plain http/);
    expect(blockingProblem({ ...base, authorizationServer: { ...base.authorizationServer!, authorization_endpoint: 'javascript:alert(1)' } }, url)).toMatch(/not a web address/);
    expect(blockingProblem({ ...base, authorizationServer: { ...base.authorizationServer!, token_endpoint: 'http://127.0.0.1:9/token' } }, url)).toBeUndefined();
  });
});
