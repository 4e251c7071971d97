import { describe, expect, it } from 'vitest';
import { CLOSED_POLICY, checkAddress, checkUrl, listenerKey, policyFromEnv, type AddressPolicy } from './policy';

const closed = CLOSED_POLICY;
const open: AddressPolicy = { allowPrivate: true, allowHosts: [], selfOrigins: [] };

describe('checkAddress, default (closed) policy', () => {
  it.each([
    ['93.184.216.34'],
    ['1.1.1.1'],
    ['2606:4700:4700::1111'],
    ['64:ff9b::5db8:d822'], // NAT64 of 93.184.216.34
    ['::ffff:93.184.216.34'],
  ])('allows public %s', (ip) => {
    expect(checkAddress(ip, closed)).toMatchObject({ ok: true });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.2.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0:10.0.0.1', 'private'], // IPv4-translated (RFC 6145)
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['64:ff9b:1::1', 'rfc6052'], // local-use NAT64
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['2001:0:4136:e378::1', 'teredo'],
    ['::7f00:1', 'nonGlobal'], // deprecated IPv4-compatible ::127.0.0.1
    ['100::1', 'discard'],
  ])('refuses %s (%s) with a reason', (ip, range) => {
    const v = checkAddress(ip, closed);
    expect(v.ok).toBe(false);
    expect(v.range).toBe(range);
    if (!v.ok) expect(v.reason).toMatch(/\.\s/);
  });

  it('says how a self-hoster opts in when the address is private', () => {
    const v = checkAddress('10.1.2.3', closed);
    expect(!v.ok && v.reason).toContain('ALLOW_PRIVATE_NETWORKS=true');
  });

  it('names the IPv4 address inside a mapped form', () => {
    const v = checkAddress('::ffff:127.0.0.1', closed);
    expect(!v.ok && v.reason).toContain('IPv4-mapped');
    expect(!v.ok && v.reason).toContain('127.0.0.1');
  });
});

describe('checkAddress with the opt-in', () => {
  it.each(['127.0.0.1', '10.0.0.1', '100.64.1.1', '::1', 'fd00::1', '::ffff:127.0.0.1', 'fe80::1'])('allows %s', (ip) => {
    expect(checkAddress(ip, open).ok).toBe(true);
  });
  it.each(['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254', '0.0.0.0', '224.0.0.1', '::', 'ff02::1'])('still refuses %s', (ip) => {
    expect(checkAddress(ip, open).ok).toBe(false);
  });
});

describe('allow-list', () => {
  const p: AddressPolicy = { allowPrivate: false, allowHosts: ['mcp.internal', '*.corp.example', '10.9.0.0/16', '169.254.169.254'], selfOrigins: [] };
  it('lets a named host resolve to a private address', () => {
    expect(checkAddress('10.0.0.5', p, 'mcp.internal').ok).toBe(true);
    expect(checkAddress('10.0.0.5', p, 'MCP.Internal.').ok).toBe(true);
    expect(checkAddress('10.0.0.5', p, 'a.corp.example').ok).toBe(true);
    expect(checkAddress('10.0.0.5', p, 'corp.example').ok).toBe(false);
    expect(checkAddress('10.0.0.5', p, 'other.example').ok).toBe(false);
  });
  it('lets addresses inside a CIDR through, and a metadata address only when named exactly', () => {
    expect(checkAddress('10.9.1.1', p).ok).toBe(true);
    expect(checkAddress('10.8.1.1', p).ok).toBe(false);
    expect(checkAddress('169.254.169.254', p).ok).toBe(true);
    expect(checkAddress('169.254.169.254', { ...p, allowHosts: ['169.254.0.0/16'] }).ok).toBe(false);
  });
  it('an entry with a port opens that port only: names, suffixes, addresses, bracketed IPv6 and CIDRs', () => {
    const scoped: AddressPolicy = { allowPrivate: false, allowHosts: ['mcp.internal:8080', '*.corp.example:443', '10.0.0.7:3000', '[fd00::1]:9000', '10.20.0.0/16:8443', 'fd00::2'], selfOrigins: [] };
    expect(checkAddress('10.0.0.5', scoped, 'mcp.internal', 8080).ok).toBe(true);
    expect(checkAddress('10.0.0.5', scoped, 'mcp.internal', '8081').ok).toBe(false);
    expect(checkAddress('10.0.0.5', scoped, 'mcp.internal').ok).toBe(false); // port unknown: not opened
    expect(checkAddress('10.0.0.5', scoped, 'a.corp.example', 443).ok).toBe(true);
    expect(checkAddress('10.0.0.5', scoped, 'a.corp.example', 80).ok).toBe(false);
    expect(checkAddress('10.0.0.7', scoped, undefined, 3000).ok).toBe(true);
    expect(checkAddress('10.0.0.7', scoped, undefined, 3001).ok).toBe(false);
    expect(checkAddress('fd00::1', scoped, undefined, 9000).ok).toBe(true);
    expect(checkAddress('fd00::1', scoped, undefined, 9001).ok).toBe(false);
    expect(checkAddress('10.20.3.4', scoped, undefined, 8443).ok).toBe(true);
    expect(checkAddress('10.20.3.4', scoped, undefined, 80).ok).toBe(false);
    // A bare IPv6 address has no port: its last group is part of the address, and every port opens.
    expect(checkAddress('fd00::2', scoped, undefined, 1234).ok).toBe(true);
  });
  it('checkUrl applies the port of the URL (default ports included)', () => {
    const scoped: AddressPolicy = { allowPrivate: false, allowHosts: ['127.0.0.1:8080', 'localhost:443'], selfOrigins: [] };
    expect(checkUrl('http://127.0.0.1:8080/mcp', scoped).ok).toBe(true);
    expect(checkUrl('http://127.0.0.1:8081/mcp', scoped).ok).toBe(false);
    expect(checkUrl('https://localhost/mcp', scoped).ok).toBe(true);
    expect(checkUrl('http://localhost/mcp', scoped).ok).toBe(false);
  });
  it('never opens multicast or unspecified, even for a named host', () => {
    expect(checkAddress('0.0.0.0', p, 'mcp.internal').ok).toBe(false);
  });
});

describe('checkUrl', () => {
  it.each([
    ['http://2130706433/'],
    ['http://0x7f.1/'],
    ['http://0x7f000001/'],
    ['http://0177.0.0.1/'],
    ['http://127.1/'],
    ['http://[::ffff:127.0.0.1]/'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/'],
    ['http://[::1]:8080/mcp'],
    ['http://%31%32%37.0.0.1/'],
    ['http://0/'],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://[::ffff:a9fe:a9fe]/'],
    ['http://10.0.0.1/mcp'],
    ['https://192.168.0.1/'],
    ['http://localhost:3000/mcp'],
    ['http://LOCALHOST./'],
    ['http://app.localhost/'],
  ])('refuses %s before any lookup', (url) => {
    const v = checkUrl(url, closed);
    expect(v).toMatchObject({ ok: false, code: 'BLOCKED' });
    if (!v.ok) expect(v.message).toMatch(/^Refusing to contact /);
  });

  it.each([['ftp://example.com/'], ['file:///etc/passwd'], ['gopher://example.com/'], ['javascript:alert(1)'], ['not a url']])('refuses %s as an invalid URL', (url) => {
    expect(checkUrl(url, closed)).toMatchObject({ ok: false, code: 'INVALID_URL' });
  });

  it('strips userinfo and says so', () => {
    const v = checkUrl('https://user:secret@example.com/mcp#frag', closed);
    expect(v).toMatchObject({ ok: true, strippedUserinfo: true, hostname: 'example.com' });
    if (v.ok) expect(v.url.toString()).toBe('https://example.com/mcp');
  });

  it('passes a public name on to DNS (no ip yet)', () => {
    const v = checkUrl('https://Example.COM./mcp', closed);
    expect(v).toMatchObject({ ok: true, hostname: 'example.com' });
    if (v.ok) expect(v.ip).toBeUndefined();
  });

  it('allows loopback literals with the opt-in', () => {
    expect(checkUrl('http://127.0.0.1:8080/', open)).toMatchObject({ ok: true, ip: '127.0.0.1' });
    expect(checkUrl('http://localhost:8080/', open)).toMatchObject({ ok: true });
  });

  it('refuses the app itself, even with the opt-in', () => {
    const p: AddressPolicy = { allowPrivate: true, allowHosts: [], selfOrigins: ['https://health.example', 'http://127.0.0.1:3000'] };
    expect(checkUrl('https://health.example/api/check', p)).toMatchObject({ ok: false, code: 'BLOCKED' });
    expect(checkUrl('https://HEALTH.example:443/', p)).toMatchObject({ ok: false, code: 'BLOCKED' });
    expect(checkUrl('http://127.0.0.1:3000/', p)).toMatchObject({ ok: false, code: 'BLOCKED' });
    expect(checkUrl('http://2130706433:3000/', p)).toMatchObject({ ok: false, code: 'BLOCKED' });
    expect(checkUrl('http://127.0.0.1:3001/', p)).toMatchObject({ ok: true });
    expect(checkUrl('https://other.example/', p)).toMatchObject({ ok: true });
  });
});

describe('listenerKey', () => {
  it('treats every loopback address and mapped forms as one listener', () => {
    expect(listenerKey('127.0.0.2', 3000)).toBe(listenerKey('::1', '3000'));
    expect(listenerKey('::ffff:127.0.0.1', 3000)).toBe(listenerKey('127.0.0.1', 3000));
    expect(listenerKey('93.184.216.34', 443)).not.toBe(listenerKey('93.184.216.34', 80));
  });
});

describe('policyFromEnv', () => {
  it('is closed by default', () => {
    expect(policyFromEnv({})).toEqual({ allowPrivate: false, allowHosts: [], selfOrigins: [] });
    expect(policyFromEnv({ ALLOW_PRIVATE_NETWORKS: 'false' }).allowPrivate).toBe(false);
  });
  it('reads the opt-in, the allow-list and the app origin', () => {
    const p = policyFromEnv({ ALLOW_PRIVATE_NETWORKS: 'true', ALLOW_HOSTS: 'a.internal, 10.0.0.0/8 *.corp', APP_ORIGIN: 'https://health.example' }, { selfOrigins: ['http://127.0.0.1:3000'] });
    expect(p).toEqual({ allowPrivate: true, allowHosts: ['a.internal', '10.0.0.0/8', '*.corp'], selfOrigins: ['https://health.example', 'http://127.0.0.1:3000'] });
    expect(policyFromEnv({ PUBLIC_URL: 'https://pub.example' }).selfOrigins).toEqual(['https://pub.example']);
  });
});
