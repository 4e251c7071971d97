import { describe, expect, it } from 'vitest';
import { PEER_HEADER, addressKey, clientKey, trustProxyFromEnv } from './client-ip';

const h = (o: Record<string, string>) => new Headers(o);

describe('client key', () => {
  it('uses the socket address, ignoring X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientKey(h({ [PEER_HEADER]: '203.0.113.7', 'x-forwarded-for': '1.2.3.4' }), undefined, true)).toEqual({ key: '203.0.113.7', source: 'socket' });
  });
  it('with TRUST_PROXY, takes the entry the trusted proxy appended (rightmost by default)', () => {
    const headers = h({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': '6.6.6.6, 198.51.100.9' });
    expect(clientKey(headers, trustProxyFromEnv({ TRUST_PROXY: 'true' }), true)).toEqual({ key: '198.51.100.9', source: 'x-forwarded-for' });
    expect(clientKey(headers, trustProxyFromEnv({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }), true)).toEqual({ key: '6.6.6.6', source: 'x-forwarded-for' });
  });
  it('does not trust a peer header when the stamp is not installed', () => {
    expect(clientKey(h({ [PEER_HEADER]: '203.0.113.7' }), undefined, false)).toEqual({ key: 'unknown', source: 'unknown' });
  });
  it('counts IPv6 per /64 and mapped IPv4 as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::9'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('not an ip')).toBeUndefined();
  });
});
