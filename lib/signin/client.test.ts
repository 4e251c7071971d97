import { describe, expect, it } from 'vitest';
import { appOrigin, applicationType, clientIdMetadataDocument, clientMetadata } from './client';

const h = (init: Record<string, string>) => new Headers(init);

describe('appOrigin', () => {
  it('prefers APP_ORIGIN and keeps only its origin', () => {
    expect(appOrigin(h({ host: 'evil.example' }), { APP_ORIGIN: 'https://check.example/some/path' })).toBe('https://check.example');
  });
  it('uses forwarded host and proto, first value only', () => {
    expect(appOrigin(h({ host: 'internal:3000', 'x-forwarded-host': 'check.example, proxy', 'x-forwarded-proto': 'https,http' }), {})).toBe('https://check.example');
  });
  it('falls back to the Host header over http', () => {
    expect(appOrigin(h({ host: '127.0.0.1:3210' }), {})).toBe('http://127.0.0.1:3210');
    expect(appOrigin(h({ host: '[::1]:3000' }), {})).toBe('http://[::1]:3000');
  });
  it('refuses a Host that is not a host', () => {
    expect(appOrigin(h({ host: 'a/b@c' }), {})).toBeUndefined();
    expect(appOrigin(h({}), {})).toBeUndefined();
  });
});

describe('client metadata', () => {
  it('is native on loopback and web elsewhere (MCP 2026-07-28 DCR application_type)', () => {
    expect(applicationType('http://127.0.0.1:3210')).toBe('native');
    expect(applicationType('http://localhost:3000')).toBe('native');
    expect(applicationType('https://check.example')).toBe('web');
  });
  it('is a public code-flow client with one redirect URI', () => {
    expect(clientMetadata('https://check.example')).toEqual({
      client_name: 'MCP Health Check',
      client_uri: 'https://check.example',
      application_type: 'web',
      redirect_uris: ['https://check.example/oauth/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
  });
  it('CIMD: client_id is the document URL itself, with no secret', () => {
    const doc = clientIdMetadataDocument('https://check.example');
    expect(doc.client_id).toBe('https://check.example/oauth/client.json');
    expect(JSON.stringify(doc)).not.toMatch(/client_secret/);
  });
});
