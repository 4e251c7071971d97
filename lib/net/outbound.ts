// The one way out. Every MCP request, metadata fetch and token exchange goes through an Outbound
// made here, so one place decides what may be contacted and with what limits.
//
// For each hop: judge the URL (lib/net/policy), resolve its host once per check, refuse if ANY
// address is blocked, then connect to exactly the checked addresses: the connector's `lookup` only
// answers from that pin and never asks DNS again, so a rebinding answer cannot swap the target.
// TLS SNI, certificate checks and the Host header still use the host name from the URL.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, buildConnector, errors as undiciErrors, request } from 'undici';
import { checkAddress, checkUrl, effectivePort, listenerKey, selfTargets, type AddressPolicy } from './policy';
import { MAX_REDIRECTS, chain, headersForHop, isRedirect, methodAfter } from './redirect';
import type { HeaderList, NetError, Outbound, OutboundRequest, OutboundResult, RedirectHop, Timing } from './types';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundOptions {
  /**
   * What may be contacted. Required so that no caller gets an open door by forgetting it; the
   * app builds it from the environment in lib/deps.ts, and CLOSED_POLICY is the safe default.
   */
  policy: AddressPolicy;
  /** DNS resolver; injectable so tests can make a name resolve anywhere. */
  lookup?: Resolver;
  userAgent?: string;
  /** Redirects followed per request (each hop re-checked). */
  maxRedirects?: number;
  /**
   * A last check on the exact address of every socket, after the policy. The test suites pass one
   * that allows loopback only, so a regression in the policy fails a test instead of dialling out.
   */
  connectGuard?: (address: string) => boolean;
  /** Extra trusted CA certificates (PEM), for a self-hosted server with a private CA, and tests. */
  ca?: string[];
}

export interface OutboundHandle {
  fetch: Outbound;
  /** Close every connection the handle opened. */
  close(): Promise<void>;
}

interface ConnectRecord {
  startedAt: number;
  connectMs: number;
  tlsMs?: number;
  claimed: boolean;
}

type Pin = { ok: true; addresses: LookupAddress[] } | { ok: false; error: NetError };

export const DEFAULT_USER_AGENT = 'mcp-health/0.1 (+https://github.com/mcp-health)';
const DNS_TIMEOUT_MS = 5_000;

export const systemLookup: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

/**
 * One handle per check: connections are reused between the steps of a check (as a real client
 * would) and closed when the check ends. A host name is resolved once per handle.
 */
export function createOutbound(options: OutboundOptions): OutboundHandle {
  const { policy } = options;
  const resolve = options.lookup ?? systemLookup;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const connects: ConnectRecord[] = [];
  /** Host name → the addresses that passed the policy. The connector answers only from here. */
  const pinned = new Map<string, LookupAddress[]>();
  const pins = new Map<string, Promise<Pin>>();
  let selfKeys: Promise<Set<string>> | undefined;

  // Keyed by host and port: an ALLOW_HOSTS entry may open one port of a name only.
  const pinHost = (hostname: string, port: string): Promise<Pin> => {
    const key = `${hostname}|${port}`;
    let p = pins.get(key);
    if (!p) {
      p = resolveAndCheck(hostname, port);
      pins.set(key, p);
    }
    return p;
  };

  const resolveAndCheck = async (hostname: string, port: string): Promise<Pin> => {
    let addresses: LookupAddress[];
    try {
      addresses = await withTimeout(resolve(hostname), DNS_TIMEOUT_MS, () => Object.assign(new Error(`DNS lookup of ${hostname} timed out`), { code: 'EAI_AGAIN' }));
    } catch (err) {
      return { ok: false, error: dnsError(err, hostname) };
    }
    if (addresses.length === 0) return { ok: false, error: dnsError(undefined, hostname) };
    for (const a of addresses) {
      const v = checkAddress(a.address, policy, hostname, port);
      if (!v.ok) return { ok: false, error: { code: 'BLOCKED', message: `Refusing to contact ${hostname}: it resolves to ${v.address}, which is ${v.what}. ${v.hint}` } };
    }
    pinned.set(hostname, addresses);
    return { ok: true, addresses };
  };

  // The app's own listeners, as (address, port) keys: a check may not target the app itself,
  // whatever name or address notation it uses to get there.
  const ownListeners = (): Promise<Set<string>> => {
    selfKeys ??= (async () => {
      const keys = new Set<string>();
      for (const { host, port } of selfTargets(policy)) {
        if (isIP(host)) keys.add(listenerKey(host, port));
        else if (host === 'localhost' || host.endsWith('.localhost')) keys.add(listenerKey('127.0.0.1', port));
        else {
          const found = await withTimeout(resolve(host), 2_000, () => new Error('timeout')).catch((): LookupAddress[] => []);
          for (const a of found) keys.add(listenerKey(a.address, port));
        }
      }
      return keys;
    })();
    return selfKeys;
  };

  // Every request of a check goes to the same few addresses: parse each once (ipaddr) per handle.
  const listenerKeys = new Map<string, string>();
  const keyOf = (address: string, port: string): string => {
    const k = `${address}|${port}`;
    let key = listenerKeys.get(k);
    if (key === undefined) listenerKeys.set(k, (key = listenerKey(address, port)));
    return key;
  };

  const connector = buildConnector({
    ...(options.ca?.length ? { ca: [...tls.rootCertificates, ...options.ca] } : {}),
    // Node asks with { all: true } when it races address families (autoSelectFamily, on by
    // default since Node 20); answer in the form asked, and only with checked addresses.
    lookup: ((hostname: string, opts: { all?: boolean }, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      const addresses = pinned.get(hostname);
      if (!addresses?.length || (options.connectGuard && !addresses.every((a) => options.connectGuard!(a.address)))) {
        cb(Object.assign(new Error(`${hostname} was not checked against the address policy`), { code: 'ENOTPINNED' }), '', 4);
        return;
      }
      if (opts?.all) cb(null, addresses);
      else cb(null, addresses[0]!.address, addresses[0]!.family);
    }) as never,
  });

  const connectPinned = (opts: buildConnector.Options, cb: buildConnector.Callback): void => {
      // Literal addresses never reach `lookup`: check them here again, at the socket.
      const literal = opts.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) && (!checkAddress(literal, policy, literal, opts.port || (opts.protocol === 'https:' ? 443 : 80)).ok || (options.connectGuard && !options.connectGuard(literal)))) {
        cb(Object.assign(new Error(`${literal} was not checked against the address policy`), { code: 'ENOTPINNED' }), null);
        return;
      }
      const startedAt = performance.now();
      const record: ConnectRecord = { startedAt, connectMs: 0, claimed: false };
      if (opts.protocol !== 'https:') {
        connector(opts, (err, socket) => {
          if (socket) {
            record.connectMs = performance.now() - startedAt;
            connects.push(record);
          }
          cb(err as Error, socket as never);
        });
        return;
      }
      // HTTPS in two stages, so a step can show TCP connect and TLS handshake apart: a plain TCP
      // socket through the same pinned lookup, then TLS on top of it (undici's httpSocket upgrade).
      connector({ ...opts, protocol: 'http:', port: opts.port || '443' }, (err, tcp) => {
        if (err || !tcp) return cb(err as Error, null as never);
        const tcpDone = performance.now();
        record.connectMs = tcpDone - startedAt;
        connector({ ...opts, httpSocket: tcp }, (tlsErr, socket) => {
          if (socket) {
            record.tlsMs = performance.now() - tcpDone;
            connects.push(record);
          } else {
            tcp.destroy();
          }
          cb(tlsErr as Error, socket as never);
        });
      });
  };
  const agent = new Agent({ connections: 8, keepAliveTimeout: 5_000, connect: connectPinned });
  /** For the one retry after a stale keep-alive socket: an agent with no idle sockets opens a new connection. */
  let freshAgent: Agent | undefined;

  const fetch: Outbound = async (req: OutboundRequest): Promise<OutboundResult> => {
    const t0 = performance.now();
    const timingSoFar = (): Timing => ({ totalMs: round(performance.now() - t0), ...(retried ? { retried } : {}) });
    const controller = new AbortController();
    const onAbort = () => controller.abort(req.signal?.reason);
    if (req.signal?.aborted) onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    // One deadline for the response headers, across every redirect hop.
    const headerTimer = setTimeout(() => controller.abort(new TimeoutError()), req.timeoutMs);
    // Until the response is closed the caller's signal still aborts it: body reads are bounded by it.
    const detach = () => req.signal?.removeEventListener('abort', onAbort);
    const done = () => {
      clearTimeout(headerTimer);
      detach();
    };

    let method = req.method;
    let body = req.body;
    let headers: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...lower(req.headers) };
    let current = req.url;
    let currentUrl: URL | undefined;
    const hops: RedirectHop[] = [];
    const seen = new Set<string>();
    let dnsMs: number | undefined;
    let retried: string | undefined;
    /** The redirect response that sent us to the current hop, shown if that hop is refused. */
    let lastRedirect: { status: number; headers: HeaderList } | undefined;
    const fail = (error: NetError, response = lastRedirect): OutboundResult => {
      done();
      return { ok: false, error, timing: timingSoFar(), ...(hops.length ? { redirects: hops } : {}), ...(response ? { response } : {}) };
    };

    try {
      for (;;) {
        const target = checkUrl(current, policy);
        if (!target.ok) {
          const last = hops[hops.length - 1];
          const message = last ? `The server redirected to ${last.to}, which is not followed. ${target.message}` : target.message;
          return fail({ code: target.code, message });
        }
        const url = target.url;
        currentUrl = url;
        seen.add(`${method} ${url.toString()}`);

        let addresses: LookupAddress[];
        if (target.ip) {
          addresses = [{ address: target.ip, family: isIP(target.ip) }];
        } else {
          const d0 = performance.now();
          const port = effectivePort(url);
          const fresh = !pins.has(`${target.hostname}|${port}`);
          const pin = await abortable(pinHost(target.hostname, port), controller.signal);
          if (fresh) dnsMs = round(performance.now() - d0);
          if (!pin.ok) {
            const last = hops[hops.length - 1];
            return fail(last && pin.error.code === 'BLOCKED' ? { ...pin.error, message: `The server redirected to ${last.to}, which is not followed. ${pin.error.message}` } : pin.error);
          }
          addresses = pin.addresses;
        }
        const self = await ownListeners();
        if (self.size && addresses.some((a) => self.has(keyOf(a.address, effectivePort(url))))) {
          return fail({ code: 'BLOCKED', message: `${url.host} is this health checker itself; a check may not target the app.` });
        }

        const send = (dispatcher: Agent, reset = false) =>
          request(url, {
            reset,
            method,
            headers,
            body,
            dispatcher,
            signal: controller.signal,
            headersTimeout: req.timeoutMs,
            bodyTimeout: 0, // bounded by the check's signal instead, so a slow stream can be read to its deadline
          });
        let res: Awaited<ReturnType<typeof send>>;
        try {
          res = await send(agent);
        } catch (err) {
          // A keep-alive socket the server closed while it sat idle fails before any byte of the
          // answer. That is a race on our own pool, not the server's fault: like a client, send once
          // more on a new connection. Nothing of the answer started, so a server that closed the
          // socket first never saw the request. (Which socket undici picked is not observable, so any
          // request cut off before its answer gets the one retry; a server that resets every
          // connection still fails, on the second attempt.)
          const code = errCode(err);
          if (!(code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') || controller.signal.aborted || retried) throw err;
          retried = `${code === 'UND_ERR_SOCKET' ? 'the connection closed' : code} before any answer; sent again on a new connection`;
          freshAgent ??= new Agent({ connections: 8, keepAliveTimeout: 5_000, connect: connectPinned });
          res = await send(freshAgent, true); // reset: this connection serves the retry alone
        }
        const headerList = toHeaderList(res.headers);
        const location = headerValue(headerList, 'location');
        if (isRedirect(res.statusCode) && location !== undefined) {
          // We read nothing of a redirect's body; a hostile one may be endless.
          discard(res.body);
          const received = { status: res.statusCode, headers: headerList };
          lastRedirect = received;
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return fail({ code: 'REDIRECT', message: `HTTP ${res.statusCode} points to "${location.slice(0, 120)}", which is not a valid URL.` }, received);
          }
          hops.push({ status: res.statusCode, from: url.toString(), to: next.toString() });
          if (hops.length > maxRedirects) {
            return fail({ code: 'REDIRECT', message: `More than ${maxRedirects} redirects (${chain([hops[0]!.from, ...hops.map((h) => h.to)])}); stopped following.` }, received);
          }
          if (next.protocol !== url.protocol) {
            return fail(
              {
                code: 'REDIRECT',
                message: `HTTP ${res.statusCode} redirects from ${url.protocol}// to ${next.protocol}//, which is not followed: a redirect may not change the scheme. If ${next.toString()} is the server's real address, check that URL.`,
              },
              received,
            );
          }
          const nextMethod = methodAfter(res.statusCode, method);
          if (nextMethod !== method) {
            return fail(
              {
                code: 'REDIRECT',
                message: `The server answered ${method} with HTTP ${res.statusCode} to ${next.toString()}. Following it would turn the ${method} into a GET and drop the ${body !== undefined ? 'JSON-RPC message' : 'request'}, so clients that follow it reach the wrong handler. Use 307 or 308 to move an MCP endpoint, or check the new URL directly.`,
              },
              received,
            );
          }
          if (seen.has(`${method} ${next.toString()}`)) {
            return fail({ code: 'REDIRECT', message: `The server redirects in a loop: ${chain([hops[0]!.from, ...hops.map((h) => h.to)])}.` }, received);
          }
          headers = headersForHop(headers, url, next);
          if (nextMethod === 'GET' || nextMethod === 'HEAD') {
            body = undefined;
            delete headers['content-type'];
          }
          method = nextMethod;
          current = next.toString();
          continue;
        }

        clearTimeout(headerTimer);
        const ttfb = performance.now() - t0;
        const connect = connects.find((c) => !c.claimed && c.startedAt >= t0 - 1);
        if (connect) connect.claimed = true;
        const timing: Timing = {
          ...(dnsMs !== undefined ? { dnsMs } : {}),
          ttfbMs: round(ttfb),
          totalMs: round(ttfb),
          reused: !connect,
          ...(retried ? { retried } : {}),
          ...(connect ? { connectMs: round(connect.connectMs) } : {}),
          ...(connect?.tlsMs !== undefined ? { tlsMs: round(connect.tlsMs) } : {}),
        };
        const encoding = headerValue(headerList, 'content-encoding')?.trim().toLowerCase();
        const raw: Readable = res.body;
        const decoded = decode(raw, encoding);
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          detach();
          discard(raw);
          if (decoded !== raw) discard(decoded);
        };
        return {
          ok: true,
          response: {
            status: res.statusCode,
            statusText: '',
            url: url.toString(),
            headers: headerList,
            body: timedIterable(decoded, () => {
              timing.totalMs = round(performance.now() - t0);
              detach();
            }),
            timing,
            ...(hops.length ? { redirects: hops } : {}),
            close,
          },
        };
      }
    } catch (err) {
      done();
      const where = currentUrl ?? safeUrl(current);
      return { ok: false, error: classifyError(err, where, req.timeoutMs), timing: timingSoFar(), ...(hops.length ? { redirects: hops } : {}) };
    }
  };

  return {
    fetch,
    // Every request of the check has settled by now, so there is nothing to wait for: destroying
    // the sockets is what close() ends with anyway, minus its fresh errors.
    close: () => Promise.all([agent.destroy(CHECK_OVER), freshAgent?.destroy(CHECK_OVER)]).then(() => undefined),
  };
}

class TimeoutError extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutError';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, makeError: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(makeError()), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Wait for `p`, but give up (throw the signal's reason) when the request is aborted. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof TimeoutError) return r;
  return Object.assign(new Error('aborted'), { name: 'AbortError', cause: r });
}

function dnsError(err: unknown, hostname: string): NetError {
  const code = errCode(err);
  if (code === 'EAI_AGAIN' && err instanceof Error && err.message.includes('timed out')) {
    return { code: 'DNS', message: `Looking up ${hostname} took longer than ${DNS_TIMEOUT_MS / 1000} s.` };
  }
  return { code: 'DNS', message: `The host name ${hostname} could not be resolved. Check the spelling of the URL.` };
}

function safeUrl(s: string): URL {
  try {
    return new URL(s);
  } catch {
    return new URL('http://invalid.invalid/');
  }
}

/** Stop a body; the abort error it emits has nobody left to tell. */
function discard(stream: Readable): void {
  stream.on('error', () => {});
  stream.destroy(stream.readableEnded ? undefined : BODY_CLOSED);
}

/**
 * Reasons for ending a connection or an unread body, made once. undici would make a new error for
 * each (ClientDestroyedError per dispatcher, RequestAbortedError per body), and Node reads `stack`
 * on every stream destroyed with an error: formatting those stacks (through source maps under tsx
 * and Next) was about 5% of a check's CPU (docs/benchmarks.md, part 2).
 */
const CHECK_OVER = preformatted(new Error('the check is over; connection closed'));
const BODY_CLOSED = preformatted(new Error('the check stopped reading this body'));
function preformatted(err: Error): Error {
  void err.stack;
  return err;
}

async function* timedIterable(stream: Readable, onEnd: () => void): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    onEnd();
  }
}

function decode(raw: Readable, encoding: string | undefined): Readable {
  // We never ask for compression, but some servers compress anyway. Decompress as a stream so the
  // reader's byte cap applies to the decompressed bytes (a small gzip bomb stays small).
  const make =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip
      : encoding === 'deflate'
        ? createInflate
        : encoding === 'br'
          ? createBrotliDecompress
          : undefined;
  if (!make) return raw;
  const z = make();
  raw.on('error', (e) => z.destroy(e));
  return raw.pipe(z);
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function toHeaderList(h: Record<string, string | string[] | undefined>): HeaderList {
  const list: HeaderList = [];
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) list.push([k, one]);
    else list.push([k, v]);
  }
  return list;
}

export function headerValue(list: HeaderList, name: string): string | undefined {
  const n = name.toLowerCase();
  const values = list.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  return values.length ? values.join(', ') : undefined;
}

export function headerValues(list: HeaderList, name: string): string[] {
  const n = name.toLowerCase();
  return list.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function errCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const direct = (err as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? errCode(cause) : undefined;
}

/** A per-request or whole-check deadline, whichever layer reports it (undici, AbortSignal.timeout). */
function isTimeout(err: unknown, depth = 0): boolean {
  if (depth > 4 || typeof err !== 'object' || err === null) return false;
  if ((err as { name?: unknown }).name === 'TimeoutError') return true;
  return isTimeout((err as { cause?: unknown }).cause, depth + 1);
}

/** Turn a socket-level failure into a code and a sentence a person can act on. */
export function classifyError(err: unknown, url: URL, timeoutMs: number): NetError {
  const code = errCode(err);
  const host = url.host;
  if (isTimeout(err)) return { code: 'TIMEOUT', message: `No response from ${host} within ${Math.round(timeoutMs / 1000)} s.` };
  if (err instanceof TimeoutError || err instanceof undiciErrors.HeadersTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { code: 'TIMEOUT', message: `No response from ${host} within ${Math.round(timeoutMs / 1000)} s.` };
  }
  if (err instanceof undiciErrors.RequestAbortedError || code === 'UND_ERR_ABORTED' || (err instanceof Error && err.name === 'AbortError')) {
    const reason = (err as { cause?: unknown }).cause;
    if (reason instanceof TimeoutError) return { code: 'TIMEOUT', message: `No response from ${host} within ${Math.round(timeoutMs / 1000)} s.` };
    return { code: 'ABORTED', message: 'The check was stopped before this request finished.' };
  }
  switch (code) {
    case 'ENOTPINNED':
      return { code: 'BLOCKED', message: `Refusing to connect to ${host}: its address was not checked against the address policy.` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { code: 'DNS', message: `The host name ${url.hostname} could not be resolved. Check the spelling of the URL.` };
    case 'ECONNREFUSED':
      return { code: 'CONNECT', message: `${host} refused the connection: nothing is listening on that port.` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { code: 'CONNECT', message: `${host} cannot be reached from here (no route to host).` };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: 'TIMEOUT', message: `Connecting to ${host} timed out.` };
    case 'ECONNRESET':
      return { code: 'NETWORK', message: `${host} reset the connection (ECONNRESET) before answering.` };
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return { code: 'NETWORK', message: `${host} closed the connection before answering.` };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return { code: 'TLS', message: `${host} presented a self-signed TLS certificate, which clients reject.` };
    case 'CERT_HAS_EXPIRED':
      return { code: 'TLS', message: `The TLS certificate of ${host} has expired.` };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code: 'TLS', message: `The TLS certificate of ${host} is not valid for that host name.` };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return { code: 'TLS', message: `The TLS certificate chain of ${host} is incomplete or untrusted.` };
    default:
      break;
  }
  if (code?.startsWith('ERR_SSL') || code?.includes('CERT')) {
    return { code: 'TLS', message: `TLS with ${host} failed (${code}).` };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { code: 'NETWORK', message: `The request to ${host} failed: ${detail}` };
}
