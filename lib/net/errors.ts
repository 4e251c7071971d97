// Every way a request can fail on the wire, turned into a code the report keeps and a sentence a
// person can act on: before the answer (classifyError: DNS, connect, TLS, deadlines) and while its
// body is read (classifyReadError: a reset, a corrupt compressed body). The one place that knows
// the error codes of Node, undici and zlib.
import { errors as undiciErrors } from 'undici';
import type { NetError } from './types';

/** The request's own deadline, as the abort reason of its controller. */
export class TimeoutError extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutError';
  }
}

/** A failure while the body of an answer was read. PARSE: the body's compression is corrupt. */
export interface ReadError {
  code: 'TIMEOUT' | 'PARSE' | 'NETWORK';
  message: string;
}

export const DNS_TIMEOUT_MS = 5_000;

/** The error's code, or its cause's (undici wraps socket errors). */
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

/** Why a host name gave no address: the resolver failed, or took longer than DNS_TIMEOUT_MS. */
export function dnsError(err: unknown, hostname: string): NetError {
  const code = errCode(err);
  if (code === 'EAI_AGAIN' && err instanceof Error && err.message.includes('timed out')) {
    return { code: 'DNS', message: `Looking up ${hostname} took longer than ${DNS_TIMEOUT_MS / 1000} s.` };
  }
  return { code: 'DNS', message: `The host name ${hostname} could not be resolved. Check the spelling of the URL.` };
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

/** A failure after the answer started: the body stopped, ran out of time, or would not decompress. */
export function classifyReadError(err: unknown): ReadError {
  const name = err instanceof Error ? err.name : '';
  const code = errCode(err);
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR' || (err as { cause?: { name?: unknown } })?.cause?.name === 'TimeoutError') {
    return { code: 'TIMEOUT', message: 'The server started answering but did not finish in time.' };
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR__ERROR_FORMAT_PADDING_1' || code?.startsWith('ERR_BROTLI')) {
    return { code: 'PARSE', message: 'The compressed response body is corrupt.' };
  }
  if (code === 'ECONNRESET') {
    return { code: 'NETWORK', message: 'The server reset the connection (ECONNRESET) while the response was being read.' };
  }
  if (code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return { code: 'NETWORK', message: 'The server closed the connection while the response was being read.' };
  }
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return { code: 'NETWORK', message: 'The connection ended before the body reached its Content-Length.' };
  }
  return { code: 'NETWORK', message: `The connection broke while the response was being read${code ? ` (${code})` : ''}.` };
}
