// The address policy: which URLs and addresses a check may contact. Pure (no I/O): lib/net/outbound
// applies it to every hop of every request after resolving DNS once; tests call it directly.
//
// Ranges come from ipaddr.js (IANA special-purpose registries), never from hand-written patterns.
// The default is closed: only public unicast addresses. An operator who checks servers on their own
// network opts in with ALLOW_PRIVATE_NETWORKS=true or names hosts/CIDRs in ALLOW_HOSTS.
//
// Longer than most modules on purpose: every rule about what may be contacted (addresses and their
// ranges, URLs, the operator's ALLOW_HOSTS, the app's own listeners) is in this one file, so the
// whole policy can be reviewed in one read. lib/net/pinned enforces it at the socket.
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Operator opt-in: loopback, RFC 1918, CGNAT, link-local and unique-local addresses may be contacted. */
  allowPrivate: boolean;
  /**
   * Hosts that may resolve to private addresses even with allowPrivate off: exact names
   * (`mcp.internal`), wildcard subdomains (`*.corp.example`), addresses or CIDRs (`10.1.0.0/16`).
   */
  allowHosts: readonly string[];
  /** Origins the app itself is served on: a check may never target them. */
  selfOrigins: readonly string[];
}

/** The policy when nobody said otherwise: public unicast addresses only. */
export const CLOSED_POLICY: AddressPolicy = Object.freeze({ allowPrivate: false, allowHosts: [], selfOrigins: [] });

type Env = Record<string, string | undefined>;

/**
 * The policy an operator configured: ALLOW_PRIVATE_NETWORKS=true, ALLOW_HOSTS (comma or space
 * separated) and APP_ORIGIN / PUBLIC_URL (the public origin(s) of this app). `extra` adds to the environment
 * (e.g. the Host a request came in on), it never loosens what the environment closed.
 */
export function policyFromEnv(env: Env, extra: Partial<AddressPolicy> = {}): AddressPolicy {
  return {
    allowPrivate: extra.allowPrivate ?? isTrue(env.ALLOW_PRIVATE_NETWORKS),
    allowHosts: [...splitList(env.ALLOW_HOSTS), ...(extra.allowHosts ?? [])],
    selfOrigins: [...splitList(env.APP_ORIGIN), ...splitList(env.PUBLIC_URL), ...(extra.selfOrigins ?? [])],
  };
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase());
}

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export type AddressVerdict =
  | { ok: true; range: string }
  | {
      ok: false;
      range: string;
      /** The address as shown, with the IPv4 address inside a mapped form. */
      address: string;
      /** What the range is, e.g. "a loopback address: the machine this checker runs on". */
      what: string;
      /** What a person can do about it. */
      hint: string;
      /** The whole sentence: address, range and hint. */
      reason: string;
    };

// What the opt-in unlocks. Everything else that is not public unicast stays closed for everyone:
// nothing that can host an MCP server lives there.
const OPT_IN_V4 = new Set(['loopback', 'private', 'carrierGradeNat', 'linkLocal']);
const OPT_IN_V6 = new Set(['loopback', 'uniqueLocal', 'deprecatedSiteLocal', 'linkLocal']);

// Cloud instance-metadata services hand out credentials. They stay closed even with the opt-in;
// only an allow-list entry naming the exact address opens one.
const METADATA = ['169.254.169.254', '169.254.170.2', '169.254.170.23', '100.100.100.200', 'fd00:ec2::254', 'fd00:ec2::23'].map((a) =>
  ipaddr.parse(a).toNormalizedString(),
);

// IPv6 is public only inside 2000::/3 (RFC 4291 §2.4, IANA global unicast). ipaddr.js calls
// everything it does not otherwise name "unicast", including the deprecated IPv4-compatible ::/96.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

const RANGE_TEXT: Record<string, string> = {
  unspecified: 'the unspecified address, which means "this host"',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (169.254.0.0/16 or fe80::/10), only reachable on the local network segment',
  loopback: 'a loopback address: the machine this checker runs on',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10), private to an ISP network',
  private: 'a private network address (RFC 1918: 10/8, 172.16/12, 192.168/16)',
  reserved: 'a reserved address (documentation, benchmarking or future use)',
  uniqueLocal: 'a unique-local IPv6 address (fc00::/7), private to a network',
  deprecatedSiteLocal: 'a site-local IPv6 address (fec0::/10), private to a site',
  metadata: 'a cloud metadata service address, which hands out machine credentials',
  nonGlobal: 'outside the public IPv6 unicast range (2000::/3)',
};

const PRIVATE_HINT =
  'This checker only contacts public addresses. If you run it yourself and want to check servers on your own network, set ALLOW_PRIVATE_NETWORKS=true or list the host in ALLOW_HOSTS.';

function describe(range: string): string {
  return RANGE_TEXT[range] ?? `a special-purpose address (${range})`;
}

interface Compiled {
  allowPrivate: boolean;
  /** Each entry may be scoped to one port (`host:port`); without one it allows every port. */
  names: Array<{ host: string; port?: string }>;
  suffixes: Array<{ suffix: string; port?: string }>;
  cidrs: Array<{ net: ipaddr.IPv4 | ipaddr.IPv6; bits: number; port?: string }>;
  exact: Array<{ address: string; port?: string }>;
  self: Array<{ host: string; port: string }>;
}

const compiled = new WeakMap<AddressPolicy, Compiled>();

function compile(policy: AddressPolicy): Compiled {
  const hit = compiled.get(policy);
  if (hit) return hit;
  const c: Compiled = { allowPrivate: policy.allowPrivate, names: [], suffixes: [], cidrs: [], exact: [], self: [] };
  for (const raw of policy.allowHosts) {
    const { entry, port } = splitPort(raw.trim().toLowerCase());
    if (!entry) continue;
    const scoped = port ? { port } : {};
    if (ipaddr.isValidCIDR(entry)) {
      const [net, bits] = ipaddr.parseCIDR(entry);
      c.cidrs.push({ net, bits, ...scoped });
    } else if (ipaddr.isValid(entry)) {
      const addr = ipaddr.process(entry);
      c.exact.push({ address: addr.toNormalizedString(), ...scoped });
      c.cidrs.push({ net: addr, bits: addr.kind() === 'ipv4' ? 32 : 128, ...scoped });
    } else if (entry.startsWith('*.')) {
      c.suffixes.push({ suffix: normalizeHost(entry.slice(1)), ...scoped });
    } else {
      c.names.push({ host: normalizeHost(entry), ...scoped });
    }
  }
  for (const origin of policy.selfOrigins) {
    const o = originHostPort(origin);
    if (o) c.self.push(o);
  }
  compiled.set(policy, c);
  return c;
}

function normalizeHost(h: string): string {
  return h.toLowerCase().replace(/\.$/, '');
}

/**
 * An ALLOW_HOSTS entry and its port, if it names one: `host:8080`, `10.0.0.5:8080`, `[fd00::1]:8080`,
 * `10.0.0.0/8:8080`. A bare IPv6 address (`fd00::1`) has no port: its last group is not one.
 */
function splitPort(raw: string): { entry: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(raw);
  if (bracketed) return { entry: bracketed[1]!, ...(bracketed[2] ? { port: String(Number(bracketed[2])) } : {}) };
  if (ipaddr.isValid(raw) || ipaddr.isValidCIDR(raw)) return { entry: raw };
  const m = /^([^:]+):(\d{1,5})$/.exec(raw);
  return m ? { entry: m[1]!, port: String(Number(m[2])) } : { entry: raw };
}

/** An entry scoped to a port opens only that port; a check whose port is unknown gets none of them. */
function portMatches(entryPort: string | undefined, port: string | undefined): boolean {
  return entryPort === undefined || entryPort === port;
}

/** The host an allow-list entry names, so a person may reach private addresses through it. */
function hostAllowed(c: Compiled, hostname: string | undefined, port: string | undefined): boolean {
  if (!hostname) return false;
  const h = normalizeHost(hostname);
  return c.names.some((n) => n.host === h && portMatches(n.port, port)) || c.suffixes.some((s) => h.endsWith(s.suffix) && portMatches(s.port, port));
}

/**
 * May a check contact this address? `hostname` is the name it came from (for the allow-list).
 * IPv4-mapped, IPv4-translated, NAT64 and 6to4 addresses are judged by the IPv4 address inside.
 */
export function checkAddress(ip: string, policy: AddressPolicy, hostname?: string, port?: string | number): AddressVerdict {
  const portText = port === undefined || port === '' ? undefined : String(Number(port));
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return { ok: false, range: 'invalid', address: ip, what: 'not an IP address', hint: '', reason: `"${ip}" is not an IP address.` };
  }
  const c = compile(policy);
  const judged = classify(addr);
  const shown = addr.toString();
  const via = judged.embedded ? ` (${judged.embedded}, the IPv4 address ${judged.v4} inside it)` : '';
  const refuse = (range: string, hint: string): AddressVerdict => ({
    ok: false,
    range,
    address: `${shown}${via}`,
    what: describe(range),
    hint,
    reason: `${shown}${via} is ${describe(range)}. ${hint}`,
  });

  if (judged.range === 'unicast') return { ok: true, range: 'unicast' };

  const target = judged.v4Addr ?? addr;
  const normalized = target.toNormalizedString();
  const inAllowList = c.cidrs.some((e) => e.net.kind() === target.kind() && target.match(e.net, e.bits) && portMatches(e.port, portText));
  if (judged.range === 'metadata') {
    if (c.exact.some((e) => e.address === normalized && portMatches(e.port, portText))) return { ok: true, range: 'metadata' };
    return refuse('metadata', 'This checker never contacts it.');
  }
  const optIn = target.kind() === 'ipv4' ? OPT_IN_V4 : OPT_IN_V6;
  if (optIn.has(judged.range)) {
    if (c.allowPrivate || inAllowList || hostAllowed(c, hostname, portText)) return { ok: true, range: judged.range };
    return refuse(judged.range, PRIVATE_HINT);
  }
  return refuse(judged.range, 'No MCP server can be reached there.');
}

interface Classified {
  range: string;
  /** The form that embedded an IPv4 address, when it did. */
  embedded?: string;
  v4?: string;
  v4Addr?: ipaddr.IPv4;
}

function classify(addr: ipaddr.IPv4 | ipaddr.IPv6): Classified {
  if (addr.kind() === 'ipv4') {
    const v4 = addr as ipaddr.IPv4;
    if (METADATA.includes(v4.toNormalizedString())) return { range: 'metadata' };
    return { range: v4.range() };
  }
  const v6 = addr as ipaddr.IPv6;
  if (METADATA.includes(v6.toNormalizedString())) return { range: 'metadata' };
  const range = v6.range();
  const embedded = embeddedV4(v6, range);
  if (embedded) {
    const inner = classify(embedded.v4);
    return { range: inner.range, embedded: embedded.form, v4: embedded.v4.toString(), v4Addr: embedded.v4 };
  }
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST_V6)) return { range: 'nonGlobal' };
  return { range };
}

/** IPv6 forms that carry an IPv4 address a packet may end up at (RFC 4291, 6145, 6052, 3056). */
function embeddedV4(v6: ipaddr.IPv6, range: string): { form: string; v4: ipaddr.IPv4 } | undefined {
  const p = v6.parts;
  const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (range) {
    case 'ipv4Mapped':
      return { form: 'an IPv4-mapped IPv6 address', v4: v6.toIPv4Address() };
    case 'rfc6145':
      return { form: 'an IPv4-translated IPv6 address', v4: fromWords(p[6] ?? 0, p[7] ?? 0) };
    case 'rfc6052':
      // Only the well-known NAT64 prefix 64:ff9b::/96 has the IPv4 address in the last 32 bits;
      // the local-use 64:ff9b:1::/48 stays a special-purpose range.
      if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) {
        return { form: 'a NAT64 IPv6 address', v4: fromWords(p[6] ?? 0, p[7] ?? 0) };
      }
      return undefined;
    case '6to4':
      return { form: 'a 6to4 IPv6 address', v4: fromWords(p[1] ?? 0, p[2] ?? 0) };
    default:
      return undefined;
  }
}

export type UrlVerdict =
  | {
      ok: true;
      /** The URL to send: userinfo removed. */
      url: URL;
      /** The host name without brackets, lower case. */
      hostname: string;
      /** Set when the host is an IP literal (in any notation the URL parser accepts). */
      ip?: string;
      /** The URL carried a user name or password, which was removed (never sent). */
      strippedUserinfo: boolean;
    }
  | { ok: false; code: 'INVALID_URL' | 'BLOCKED'; message: string };

/**
 * Judge a URL before anything is resolved or sent: scheme, userinfo, self-targeting, and the
 * address when the host is an IP literal. The WHATWG parser has already turned `2130706433`,
 * `0x7f.1` and `0177.0.0.1` into 127.0.0.1 and `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`, and the
 * same parsed URL is what goes on the wire, so every notation is judged as what it connects to.
 */
export function checkUrl(input: string | URL, policy: AddressPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(input.toString());
  } catch {
    return { ok: false, code: 'INVALID_URL', message: `"${String(input).slice(0, 120)}" is not a valid URL.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, code: 'INVALID_URL', message: `Only http:// and https:// URLs can be checked, not ${url.protocol}//.` };
  }
  const strippedUserinfo = url.username !== '' || url.password !== '';
  url.username = '';
  url.password = '';
  url.hash = '';
  // A fully qualified name may end in a dot (RFC 1034 §3.1): `mcp.example.com.` is
  // `mcp.example.com`. Drop it here, once, so the name judged, pinned and dialled is the same one.
  if (url.hostname.endsWith('.') && !url.hostname.startsWith('[')) url.hostname = url.hostname.replace(/\.+$/, '');
  const hostname = normalizeHost(url.hostname.replace(/^\[|\]$/g, ''));
  const c = compile(policy);
  const port = effectivePort(url);
  const self = c.self.find((s) => s.host === hostname && s.port === port);
  if (self) {
    return { ok: false, code: 'BLOCKED', message: `${url.host} is this health checker itself; a check may not target the app.` };
  }
  if (ipaddr.isValid(hostname)) {
    const v = checkAddress(hostname, policy, hostname, port);
    if (!v.ok) return { ok: false, code: 'BLOCKED', message: `Refusing to contact ${url.host}: ${v.address === hostname ? `it is ${v.what}. ${v.hint}` : v.reason}` };
    return { ok: true, url, hostname, ip: hostname, strippedUserinfo };
  }
  // RFC 6761 §6.3: localhost names are loopback by definition, whatever a resolver says.
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    const v = checkAddress('127.0.0.1', policy, hostname, port);
    if (!v.ok) return { ok: false, code: 'BLOCKED', message: `Refusing to contact ${url.host}: "localhost" always names the machine this checker runs on. ${PRIVATE_HINT}` };
  }
  return { ok: true, url, hostname, strippedUserinfo };
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function originHostPort(origin: string): { host: string; port: string } | undefined {
  try {
    const u = new URL(origin.includes('://') ? origin : `http://${origin}`);
    return { host: normalizeHost(u.hostname.replace(/^\[|\]$/g, '')), port: effectivePort(u) };
  } catch {
    return undefined;
  }
}

/**
 * A key that is equal for two (address, port) pairs that reach the same listener: every loopback
 * address is one machine, and IPv4-mapped IPv6 is its IPv4 address.
 */
export function listenerKey(ip: string, port: string | number): string {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip);
  } catch {
    return `${ip}|${port}`;
  }
  if (addr.range() === 'loopback' || addr.range() === 'unspecified') return `local|${port}`;
  return `${addr.toNormalizedString()}|${port}`;
}

/** The self origins as (host, port) pairs, for the outbound module to resolve and compare. */
export function selfTargets(policy: AddressPolicy): Array<{ host: string; port: string }> {
  return compile(policy).self;
}

export { effectivePort };
