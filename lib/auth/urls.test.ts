import { describe, expect, it } from 'vitest';
import { asMetadataUrls, endpointOf, gradeResource, isPlainHttpRemote, prmWellKnownUrls } from './urls';
import { authRevision } from './findings';

const ep = (u: string) => endpointOf(u)!;

describe('endpointOf', () => {
  it('drops the fragment and a lone trailing slash after the host', () => {
    expect(ep('https://example.com/#x').id).toBe('https://example.com');
    expect(ep('https://example.com/public/mcp#frag').id).toBe('https://example.com/public/mcp');
    expect(endpointOf('not a url')).toBeUndefined();
    expect(endpointOf('ftp://x/y')).toBeUndefined();
  });
});

describe('prmWellKnownUrls (RFC 9728 §3.1)', () => {
  it('path insertion then root', () => {
    expect(prmWellKnownUrls(ep('https://example.com/public/mcp'))).toEqual([
      { url: 'https://example.com/.well-known/oauth-protected-resource/public/mcp', kind: 'path-inserted' },
      { url: 'https://example.com/.well-known/oauth-protected-resource', kind: 'root' },
    ]);
  });
  it('root only for an endpoint without a path; port kept', () => {
    expect(prmWellKnownUrls(ep('https://example.com:8443/'))).toEqual([
      { url: 'https://example.com:8443/.well-known/oauth-protected-resource', kind: 'root' },
    ]);
  });
});

describe('asMetadataUrls (RFC 8414 §3.1, OIDC Discovery §4)', () => {
  it('issuer with a path: three URLs in order', () => {
    expect(asMetadataUrls('https://auth.example.com/tenant1')?.map((u) => u.url)).toEqual([
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
  });
  it('issuer without a path (with or without "/"): two URLs', () => {
    for (const iss of ['https://auth.example.com', 'https://auth.example.com/']) {
      expect(asMetadataUrls(iss)?.map((u) => u.url)).toEqual([
        'https://auth.example.com/.well-known/oauth-authorization-server',
        'https://auth.example.com/.well-known/openid-configuration',
      ]);
    }
  });
  it('append form trims a terminating slash; insertion keeps it', () => {
    expect(asMetadataUrls('https://a.example/t1/')?.map((u) => u.url)).toEqual([
      'https://a.example/.well-known/oauth-authorization-server/t1/',
      'https://a.example/.well-known/openid-configuration/t1/',
      'https://a.example/t1/.well-known/openid-configuration',
    ]);
  });
  it('rejects issuers with query, fragment or a non-http scheme', () => {
    expect(asMetadataUrls('https://a.example/?x=1')).toBeUndefined();
    expect(asMetadataUrls('https://a.example/#f')).toBeUndefined();
    expect(asMetadataUrls('urn:x')).toBeUndefined();
  });
});

describe('gradeResource (RFC 9728 §3.3)', () => {
  const e = ep('https://mcp.example.com/mcp');
  it.each([
    ['https://mcp.example.com/mcp', 'header', 'pass'],
    ['https://mcp.example.com', 'root', 'pass'],
    ['https://mcp.example.com/', 'root', 'warning'],
    ['https://mcp.example.com', 'header', 'warning'],
    ['https://mcp.example.com/mcp/', 'header', 'warning'],
    ['https://MCP.example.com/mcp', 'path-inserted', 'warning'],
    ['HTTPS://mcp.example.com/mcp', 'header', 'warning'],
    ['https://mcp.example.com/m', 'header', 'error'],
    ['https://mcp.example.com/mcp/v2', 'header', 'error'],
    ['https://other.example.com/mcp', 'header', 'error'],
    ['http://mcp.example.com/mcp', 'header', 'error'],
    ['https://mcp.example.com/mcp#x', 'header', 'error'],
    ['mcp', 'header', 'error'],
  ] as const)('%s via %s → %s', (resource, source, grade) => {
    expect(gradeResource(resource, e, source).grade).toBe(grade);
  });
  it('an endpoint with no path matches its origin', () => {
    expect(gradeResource('https://h.example', ep('https://h.example/'), 'header').grade).toBe('pass');
  });
});

describe('isPlainHttpRemote', () => {
  it('flags http to remote hosts only', () => {
    expect(isPlainHttpRemote('http://auth.example.com/token')).toBe(true);
    expect(isPlainHttpRemote('https://auth.example.com/token')).toBe(false);
    expect(isPlainHttpRemote('http://localhost:3000/token')).toBe(false);
    expect(isPlainHttpRemote('http://127.0.0.1/token')).toBe(false);
    expect(isPlainHttpRemote('http://[::1]:8080/token')).toBe(false);
  });
});

describe('authRevision', () => {
  it('maps versions onto the auth models', () => {
    expect(authRevision(undefined)).toBe('2026-07-28');
    expect(authRevision('2024-11-05')).toBe('2025-03-26');
    expect(authRevision('2025-06-18')).toBe('2025-06-18');
    expect(authRevision('2025-12-01')).toBe('2025-11-25');
    expect(authRevision('garbage')).toBe('2026-07-28');
  });
});
