// The one way out. Every MCP request, metadata fetch and token exchange goes through an Outbound
// made here, so one place decides what may be contacted and with what limits.
//
// This module is the request: for each hop it judges the URL (lib/net/policy), gets the host's
// checked addresses from the pin (lib/net/pinned), sends, and follows a redirect by hand so the next
// hop is judged again (lib/net/redirect). It owns the request's caps: one deadline for the answer's
// headers across every hop, the one retry after a stale keep-alive socket, a redirect's body never
// read, and the answer's body decompressed as a stream (lib/net/body) so the reader's byte cap counts
// decompressed bytes. Headers are read with lib/net/headers and failures worded by lib/net/errors.
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { request, type Agent } from 'undici';
import { CHECK_OVER, decode, discard, timedIterable } from './body';
import { TimeoutError, classifyError, errCode } from './errors';
import { headerValue, lowerNames, toHeaderList } from './headers';
import { createPinned, type Resolver } from './pinned';
import { checkUrl, effectivePort, type AddressPolicy } from './policy';
import { MAX_REDIRECTS, chain, headersForHop, isRedirect, methodAfter } from './redirect';
import type { HeaderList, NetError, Outbound, OutboundRequest, OutboundResult, RedirectHop, Timing } from './types';

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

export const DEFAULT_USER_AGENT = 'mcp-health/0.1 (+https://github.com/mcp-health)';

/**
 * One handle per check: connections are reused between the steps of a check (as a real client
 * would) and closed when the check ends. A host name is resolved once per handle.
 */
export function createOutbound(options: OutboundOptions): OutboundHandle {
  const { policy } = options;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const pinned = createPinned(options);
  // Every request of a check goes to the same URL or two: judge each once per handle (the policy is
  // fixed for the handle, and a verdict's URL is never changed after checkUrl made it).
  const verdicts = new Map<string, ReturnType<typeof checkUrl>>();
  const judge = (u: string) => {
    let v = verdicts.get(u);
    if (v === undefined) verdicts.set(u, (v = checkUrl(u, policy)));
    return v;
  };

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
    let headers: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...lowerNames(req.headers) };
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
        const target = judge(current);
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
          const fresh = !pinned.asked(target.hostname, port);
          const pin = await abortable(pinned.pin(target.hostname, port), controller.signal);
          if (fresh) dnsMs = round(performance.now() - d0);
          if (!pin.ok) {
            const last = hops[hops.length - 1];
            return fail(last && pin.error.code === 'BLOCKED' ? { ...pin.error, message: `The server redirected to ${last.to}, which is not followed. ${pin.error.message}` } : pin.error);
          }
          addresses = pin.addresses;
        }
        if (await pinned.targetsSelf(addresses, effectivePort(url))) {
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
          res = await send(pinned.agent(false, req.lane === 'side'));
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
          res = await send(pinned.agent(true), true); // reset: this connection serves the retry alone
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
        const connect = pinned.claimConnect(t0);
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
    close: () => pinned.close(CHECK_OVER),
  };
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

function safeUrl(s: string): URL {
  try {
    return new URL(s);
  } catch {
    return new URL('http://invalid.invalid/');
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
