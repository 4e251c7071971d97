// The one way out. Every MCP request, metadata fetch and token exchange goes through an Outbound
// made here, so one place decides what may be contacted and with what limits.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, buildConnector, errors as undiciErrors, request } from 'undici';
import type { HeaderList, StepError, Timing } from '../report/schema';
import type { Outbound, OutboundRequest, OutboundResult } from './types';

export interface OutboundOptions {
  /** DNS resolver; injectable so tests can make a name resolve anywhere. */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
  userAgent?: string;
}

export interface OutboundHandle {
  fetch: Outbound;
  /** Close every connection the handle opened. */
  close(): Promise<void>;
}

interface ConnectRecord {
  startedAt: number;
  dnsMs?: number;
  connectMs: number;
  tlsMs?: number;
  claimed: boolean;
}

export const DEFAULT_USER_AGENT = 'mcp-health/0.1 (+https://github.com/mcp-health)';

const systemLookup = (hostname: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

/**
 * One handle per check: connections are reused between the steps of a check (as a real client
 * would) and closed when the check ends.
 */
export function createOutbound(options: OutboundOptions = {}): OutboundHandle {
  const resolve = options.lookup ?? systemLookup;
  const connects: ConnectRecord[] = [];

  const connector = buildConnector({
    lookup: (hostname, _opts, cb) => {
      resolve(hostname).then(
        (addresses) => {
          const first = addresses[0];
          if (!first) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
          cb(null, first.address, first.family);
        },
        (err: Error) => cb(err as NodeJS.ErrnoException, '', 4),
      );
    },
  });

  const agent = new Agent({
    connections: 8,
    keepAliveTimeout: 5_000,
    connect: (opts, cb) => {
      const startedAt = performance.now();
      const record: ConnectRecord = { startedAt, connectMs: 0, claimed: false };
      connector(opts, (err, socket) => {
        if (socket) {
          const now = performance.now();
          record.connectMs = now - startedAt;
          if (opts.protocol === 'https:') record.tlsMs = undefined; // folded into connectMs by undici's connector
          connects.push(record);
        }
        cb(err as Error, socket as never);
      });
    },
  });

  const fetch: Outbound = async (req: OutboundRequest): Promise<OutboundResult> => {
    const t0 = performance.now();
    const timingSoFar = (): Timing => ({ totalMs: round(performance.now() - t0) });
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return { ok: false, error: { code: 'INVALID_URL', message: `"${req.url}" is not a valid URL.` }, timing: timingSoFar() };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return {
        ok: false,
        error: { code: 'INVALID_URL', message: `Only http and https URLs can be checked, not ${url.protocol}` },
        timing: timingSoFar(),
      };
    }
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...lower(req.headers) };
    const controller = new AbortController();
    const onAbort = () => controller.abort(req.signal?.reason);
    if (req.signal?.aborted) onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const headerTimer = setTimeout(() => controller.abort(new TimeoutError()), req.timeoutMs);
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: req.body,
        dispatcher: agent,
        signal: controller.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: 0, // bounded by the check's signal instead, so a slow stream can be read to its deadline
      });
      clearTimeout(headerTimer);
      const ttfb = performance.now() - t0;
      const headerList = toHeaderList(res.headers);
      const connect = connects.find((c) => !c.claimed && c.startedAt >= t0 - 1);
      if (connect) connect.claimed = true;
      const timing: Timing = {
        ttfbMs: round(ttfb),
        totalMs: round(ttfb),
        reused: !connect,
        ...(connect ? { connectMs: round(connect.connectMs) } : {}),
      };
      const encoding = headerValue(headerList, 'content-encoding')?.trim().toLowerCase();
      const raw: Readable = res.body;
      // Errors reach the reader through the async iterator; a body nobody reads (closed early, or
      // aborted by the deadline) must not crash the process with an unhandled 'error' event.
      raw.on('error', noop);
      const body = decode(raw, encoding);
      body.on('error', noop);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        req.signal?.removeEventListener('abort', onAbort);
        raw.destroy();
        if (body !== raw) body.destroy();
      };
      const finishTiming = () => {
        timing.totalMs = round(performance.now() - t0);
      };
      return {
        ok: true,
        response: {
          status: res.statusCode,
          statusText: '',
          url: url.toString(),
          headers: headerList,
          body: timedIterable(body, finishTiming),
          timing,
          close,
        },
      };
    } catch (err) {
      clearTimeout(headerTimer);
      req.signal?.removeEventListener('abort', onAbort);
      return { ok: false, error: classifyError(err, url, req.timeoutMs), timing: timingSoFar() };
    }
  };

  return {
    fetch,
    close: async () => {
      await agent.close().catch(() => agent.destroy());
    },
  };
}

function noop() {}

class TimeoutError extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutError';
  }
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

function errCode(err: unknown): string | undefined {
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
export function classifyError(err: unknown, url: URL, timeoutMs: number): StepError {
  const code = errCode(err);
  const host = url.host;
  if (isTimeout(err)) {
    return { code: 'TIMEOUT', message: `No response from ${host} within ${Math.round(timeoutMs / 1000)} s.` };
  }
  if (err instanceof TimeoutError || err instanceof undiciErrors.HeadersTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { code: 'TIMEOUT', message: `No response from ${host} within ${Math.round(timeoutMs / 1000)} s.` };
  }
  if (err instanceof undiciErrors.RequestAbortedError || code === 'UND_ERR_ABORTED' || (err instanceof Error && err.name === 'AbortError')) {
    const reason = (err as { cause?: unknown }).cause;
    if (reason instanceof TimeoutError) return { code: 'TIMEOUT', message: `No response from ${host} within ${Math.round(timeoutMs / 1000)} s.` };
    return { code: 'ABORTED', message: 'The check was stopped before this request finished.' };
  }
  switch (code) {
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
