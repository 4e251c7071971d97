// The one registry of the header names the checker treats specially: who sets each, whether its
// value is a credential, whether it may follow a redirect to another origin, and which ones a
// browser-based client sends. The transport (lib/mcp/exchange), the redirect rule
// (lib/net/redirect), the CORS probe (lib/mcp/probes), the shared copy's sanitizer
// (lib/report/sanitize), "copy as curl" and the sign-in trail all read it from here.
//
// It imports nothing (eslint.config.mjs enforces it), so every layer may use it: lib/net, the
// bottom layer, and lib/report, the contract that depends on nothing in the engine.

/** What a report shows where a secret value was: the live report, the shared copy and the sign-in trail. */
export const MASK = '••••••';

/**
 * Mcp-Param-{Name}: a tool argument mirrored into a header (2026-07-28,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#custom-headers-from-tool-parameters).
 * Set by the engine and, like the other mirrored headers, free of credentials.
 */
export const PARAM_HEADER_PREFIX = 'mcp-param-';

export type Era = 'legacy' | 'modern';

interface HeaderRule {
  /**
   * Who puts it on a request. `engine`: the check, per request; a person's header of that name is
   * never sent (the protocol headers must agree with the body or the session). `http`: the HTTP
   * client, from the connection and the body; a person's is never sent either. `probe`: the check's
   * CORS preflight only; on other requests a person may send it. Absent: typed by a person, or sent
   * by servers only.
   */
  setBy?: 'engine' | 'http' | 'probe';
  /** Sent on when a redirect leaves the origin: it carries no credential and nothing bound to that origin. */
  crossOrigin?: true;
  /**
   * true: its value is a credential, masked wherever a report shows it (the shared copy masks it
   * even when the engine set it). false: never, though its name looks like one. Absent: judged by
   * its name (CREDENTIAL_NAME).
   */
  credential?: boolean;
  /** Browser-based clients of these eras send it, so a CORS preflight must allow it (in this order). */
  browser?: readonly Era[];
}

const BOTH: readonly Era[] = ['legacy', 'modern'];

/** The registry. Order matters only for `browser`: it is the order of a preflight's header list. */
const HEADERS: Record<string, HeaderRule> = {
  // Content negotiation: https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server
  'content-type': { setBy: 'engine', crossOrigin: true, browser: BOTH },
  authorization: { credential: true, browser: BOTH },
  // https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#protocol-version-header
  'mcp-protocol-version': { setBy: 'engine', crossOrigin: true, browser: BOTH },
  // Issued by the server and bound to it; anyone holding it speaks in that session:
  // https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management
  'mcp-session-id': { setBy: 'engine', credential: true, browser: ['legacy'] },
  // https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#resumability-and-redelivery
  'last-event-id': { setBy: 'engine', crossOrigin: true, browser: ['legacy'] },
  // https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#standard-request-headers
  'mcp-method': { setBy: 'engine', crossOrigin: true, browser: ['modern'] },
  'mcp-name': { setBy: 'engine', crossOrigin: true, browser: ['modern'] },
  accept: { setBy: 'engine', crossOrigin: true },
  // Framing and connection headers (RFC 9110 §6.4.1, §7.2, §7.6.1; RFC 9112 §6.1): the HTTP client's.
  host: { setBy: 'http' },
  'content-length': { setBy: 'http' },
  connection: { setBy: 'http' },
  'transfer-encoding': { setBy: 'http' },
  'user-agent': { crossOrigin: true },
  'accept-language': { crossOrigin: true },
  // The CORS preflight a browser would send (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
  origin: { setBy: 'probe' },
  'access-control-request-method': { setBy: 'probe' },
  'access-control-request-headers': { setBy: 'probe' },
  'proxy-authorization': { credential: true },
  cookie: { credential: true },
  'set-cookie': { credential: true },
  'x-api-key': { credential: true },
  // A DPoP proof (RFC 9449 §4.1) is bound to one request, but still proves possession of the key.
  dpop: { credential: true },
  // Challenges, not credentials (RFC 9110 §11.6.1, §11.7.1): they name the realm, scope and
  // resource metadata a client needs, and are the evidence behind an "auth required" verdict.
  'www-authenticate': { credential: false },
  'proxy-authenticate': { credential: false },
};

/** A header the registry does not name is a credential if its name says so (X-Auth-Token, X-Client-Secret, Session). */
const CREDENTIAL_NAME = /token|secret|key|auth|cookie|session|passw/i;

function rule(name: string): HeaderRule | undefined {
  const n = name.toLowerCase();
  return Object.hasOwn(HEADERS, n) ? HEADERS[n] : undefined;
}

function isParam(name: string): boolean {
  return name.toLowerCase().startsWith(PARAM_HEADER_PREFIX);
}

/** The engine or the HTTP client sets it: a person's header of that name is never sent. */
export function isEngineOwnedHeader(name: string): boolean {
  const by = rule(name)?.setBy;
  return by === 'engine' || by === 'http' || isParam(name);
}

/**
 * The check itself sends it on some request (the transport's headers and the CORS preflight's).
 * A request header not named here was typed by a person: a shared copy leaves it out, name and value.
 */
export function isCheckRequestHeader(name: string): boolean {
  const by = rule(name)?.setBy;
  return by === 'engine' || by === 'probe' || isParam(name);
}

/**
 * May follow a redirect to another origin. Only headers without credentials do: a person's own
 * headers (Authorization, API keys, cookies) and the session id belong to the origin they typed,
 * as browsers do for Authorization since https://fetch.spec.whatwg.org/#http-redirect-fetch step 14.
 */
export function crossesOrigins(name: string): boolean {
  return rule(name)?.crossOrigin === true || isParam(name);
}

/** Its value is a credential: masked wherever a report shows it. */
export function isCredentialHeader(name: string): boolean {
  const c = rule(name)?.credential;
  return c ?? CREDENTIAL_NAME.test(name);
}

/** The headers a browser-based client of `era` sends, in the order a preflight lists them. */
export function browserRequestHeaders(era: Era): string[] {
  return Object.keys(HEADERS).filter((n) => HEADERS[n]!.browser?.includes(era));
}

/** A person's value as the live report shows it: masked, keeping an auth scheme word (Bearer, Basic) so they can see which kind was sent. */
export function maskValue(v: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+\S/.exec(v);
  return scheme ? `${scheme[1]} ${MASK}` : MASK;
}
