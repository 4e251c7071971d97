// Reads one HTTP answer to a JSON-RPC request: a JSON body or an SSE stream, which a client must
// both accept (MCP 2025-11-25 §Sending Messages to the Server,
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server). Stops as soon as the response
// with the request's id arrives, and caps what it reads and what it keeps for the report.
import type { SseFrame, StepError } from '../report/schema';
import type { OutboundResponse } from '../net/types';
import { headerValue } from '../net/headers';
import { classify, sameId, type Incoming, type JsonRpcId } from './jsonrpc';
import { cannotBeMessage, createSseParser, mediaType } from './sse';
import { MAX_JSON_DEPTH, parseJson } from './json';
import { classifyReadError } from '../net/errors';

export interface ReadLimits {
  /** Stop reading after this many (decompressed) bytes: the body is too large. */
  maxReadBytes: number;
  /** Keep at most this many characters of the body for the report. */
  keepChars: number;
  /** Keep at most this many SSE frames for the report. */
  keepFrames: number;
  /**
   * Stop an event stream after this many characters of events that are not the response
   * (notifications, server requests, pings). A large answer is one event and is bounded by
   * maxReadBytes alone; a stream that only talks around the answer gets a quarter of that.
   */
  maxOtherChars: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxReadBytes: 4 * 1024 * 1024, keepChars: 64 * 1024, keepFrames: 50, maxOtherChars: 1024 * 1024 };

/** Messages besides the response that are kept for the findings: the first few, then one of each new sort. */
const KEEP_OTHERS = 20;

export interface ReadOutcome {
  kind: 'json' | 'sse' | 'empty' | 'other';
  contentType?: string;
  body: string;
  truncated: boolean;
  frames?: SseFrame[];
  /** Event streams: the last event id the stream set (a client resumes from it), and the reconnection time its last `retry` field set. */
  lastEventId?: string;
  retry?: number;
  /** The response whose id matches the request (or, for a notification POST, nothing). */
  match?: Incoming & { kind: 'result' | 'error' };
  /** Everything else that arrived first: notifications, server requests, responses to other ids, invalid messages. */
  others: Incoming[];
  /** A JSON body that was one message but not ours (wrong id), kept for the ID_MISMATCH error. */
  mismatch?: Incoming;
  error?: StepError;
}

export async function readAnswer(
  res: OutboundResponse,
  expectId: JsonRpcId | undefined,
  limits: ReadLimits,
  /** Told about every message on an event stream besides the response (a tool call records progress and answers server requests). */
  onMessage?: (msg: Incoming) => void,
): Promise<ReadOutcome> {
  const contentType = headerValue(res.headers, 'content-type');
  const type = mediaType(contentType);
  // MCP messages MUST be UTF-8 (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports, its opening section).
  // One strict decoder gives the text while the bytes are valid; at the first invalid byte a lossy
  // one takes over, so the report still shows the text. Two decoders over every byte (one to show,
  // one to notice) were a large part of reading an endless stream (docs/benchmarks.md, part 3).
  let strict: TextDecoder | undefined = new TextDecoder('utf-8', { fatal: true });
  let lossy: TextDecoder | undefined;
  let invalidAt: number | undefined;
  /** The last bytes read (at most 3): an unfinished character the strict decoder was holding. */
  let tail: Uint8Array = new Uint8Array(0);
  const decode = (chunk?: Uint8Array): string => {
    if (strict) {
      try {
        const text = chunk ? strict.decode(chunk, { stream: true }) : strict.decode();
        if (chunk) tail = lastBytes(tail, chunk);
        return text;
      } catch {
        strict = undefined;
        invalidAt = bytes + (chunk?.byteLength ?? 0);
        lossy = new TextDecoder('utf-8');
        // What the strict decoder held of an unfinished character goes to the lossy one first.
        const held = unfinishedUtf8(tail);
        const before = held.length ? lossy.decode(held, { stream: true }) : '';
        return before + (chunk ? lossy.decode(chunk, { stream: true }) : lossy.decode());
      }
    }
    return chunk ? lossy!.decode(chunk, { stream: true }) : lossy!.decode();
  };
  const utf8Error = (): StepError | undefined =>
    invalidAt === undefined
      ? undefined
      : { code: 'PARSE', message: `The response body is not valid UTF-8 (an invalid byte sequence within the first ${invalidAt} bytes); MCP messages must be UTF-8 encoded.` };
  let bytes = 0;
  let kept = '';
  let truncated = false;
  const keep = (s: string) => {
    if (kept.length < limits.keepChars) {
      const room = limits.keepChars - kept.length;
      kept += s.length > room ? s.slice(0, room) : s;
      if (s.length > room) truncated = true;
    } else if (s.length) truncated = true;
  };

  const out: ReadOutcome = { kind: 'other', contentType, body: '', truncated: false, others: [] };
  const finish = (): ReadOutcome => {
    out.body = kept;
    out.truncated = truncated;
    return out;
  };

  if (type === 'text/event-stream') {
    out.kind = 'sse';
    out.frames = [];
    // A line that cannot be part of a message (a comment, data that does not start like JSON) is
    // held only as far as the report keeps a body, counted against maxOtherChars as it arrives, and
    // ends the read once it is longer than that: a line that never ends costs a few milliseconds
    // (issue #13; docs/benchmarks.md, part 3). Data that may be the answer keeps the read cap.
    const parser = createSseParser({ keepOther: limits.keepChars });
    let otherChars = 0;
    const tooMuchOther = (): boolean => {
      if (parser.overlong()) {
        out.error = {
          code: 'TOO_LARGE',
          message: `The event stream sent a line of more than ${kib(limits.keepChars)} that cannot be part of a JSON-RPC message (a comment, or data that is not JSON); stopped reading.`,
        };
        return true;
      }
      if (otherChars + parser.otherChars() <= limits.maxOtherChars) return false;
      out.error = {
        code: 'TOO_LARGE',
        message: `The event stream sent more than ${mib(limits.maxOtherChars)} of other events (notifications, requests) without the response; stopped reading.`,
      };
      return true;
    };
    const sorts = new Set<string>();
    // Only what the findings read (interpret.ts: kind, id, method, problem) is kept, and only the
    // first few plus one of each new sort: an endless stream of notifications would otherwise be
    // held in memory whole until the check ends (docs/benchmarks.md, part 3).
    const other = (msg: Incoming) => {
      const sort = `${msg.kind} ${'method' in msg ? msg.method : ''} ${'problem' in msg ? (msg.problem ?? '') : ''}`;
      if (out.others.length >= KEEP_OTHERS && sorts.has(sort)) return;
      sorts.add(sort);
      if (msg.kind === 'notification' || msg.kind === 'request') out.others.push({ ...msg, params: undefined });
      else if (msg.kind === 'result') out.others.push({ ...msg, result: undefined });
      else out.others.push(msg);
    };
    const onFrames = (frames: SseFrame[]): boolean => {
      for (const f of frames) {
        const frame = f;
        if (out.frames!.length < limits.keepFrames) out.frames!.push(frame);
        if (frame.event === 'message' && frame.data.trim() !== '') {
          const parsed = parseJson(frame.data);
          if (!parsed.ok) {
            if (parsed.reason.startsWith('it is nested')) {
              out.error = { code: 'PARSE', message: `An SSE message is nested more than ${MAX_JSON_DEPTH} levels deep; refused to parse it.` };
              return true;
            }
            other({ kind: 'invalid', reason: 'an SSE message event whose data is not JSON', problem: 'not-json' });
          } else {
            const msg = classify(parsed.value);
            if ((msg.kind === 'result' || msg.kind === 'error') && expectId !== undefined && sameId(msg.id, expectId)) {
              out.match = msg;
              return true;
            }
            onMessage?.(msg);
            other(msg);
          }
        }
        // Everything else on the stream (other messages, other event types, the 2025-11-25
        // priming event with its empty data, https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server) counts against maxOtherChars.
        // Data that cannot be a message was counted by the parser as it arrived.
        if (!cannotBeMessage(frame.data)) otherChars += frame.data.length;
        if (tooMuchOther()) return true;
      }
      return tooMuchOther();
    };
    try {
      for await (const chunk of res.body) {
        const text = decode(chunk);
        bytes += chunk.byteLength;
        keep(text);
        if (onFrames(parser.push(text))) {
          truncated = true; // we stopped reading on purpose; the server may have sent more
          break;
        }
        if (bytes > limits.maxReadBytes) {
          out.error = { code: 'TOO_LARGE', message: `The event stream sent more than ${mib(limits.maxReadBytes)} without the response.` };
          break;
        }
      }
      if (!out.match && !out.error) onFrames(parser.end());
    } catch (err) {
      out.error = classifyReadError(err);
    } finally {
      res.close();
    }
    const lastEventId = parser.lastEventId();
    if (lastEventId !== undefined) out.lastEventId = lastEventId;
    const retry = parser.retry();
    if (retry !== undefined) out.retry = retry;
    out.error ??= utf8Error();
    return finish();
  }

  // Anything else: read the whole body (capped). The full text is parsed; only a slice is kept.
  // A body that declares more than the cap is read only as far as the report shows it: reading the
  // rest of the cap just to throw it away was most of a hostile check's CPU (docs/benchmarks.md,
  // part 3). Only without Content-Encoding, where Content-Length is the size we would read.
  const declared = headerValue(res.headers, 'content-encoding') === undefined ? Number(headerValue(res.headers, 'content-length')) : Number.NaN;
  const declaredTooLarge = Number.isSafeInteger(declared) && declared > limits.maxReadBytes;
  const parts: string[] = [];
  try {
    for await (const chunk of res.body) {
      const text = decode(chunk);
      bytes += chunk.byteLength;
      keep(text);
      if (bytes > limits.maxReadBytes || (declaredTooLarge && kept.length >= limits.keepChars)) {
        out.error = {
          code: 'TOO_LARGE',
          message: declaredTooLarge
            ? `The response body is larger than ${mib(limits.maxReadBytes)} (Content-Length: ${declared} bytes); stopped reading.`
            : `The response body is larger than ${mib(limits.maxReadBytes)}; stopped reading.`,
        };
        truncated = true;
        break;
      }
      parts.push(text);
    }
    const rest = decode();
    keep(rest);
    parts.push(rest);
  } catch (err) {
    out.error = classifyReadError(err);
  } finally {
    res.close();
  }
  out.error ??= utf8Error();
  if (out.error) return finish();
  if (bytes === 0) {
    out.kind = 'empty';
    return finish();
  }
  if (type === 'application/json' || type?.endsWith('+json')) {
    out.kind = 'json';
    const parsed = parseJson(parts.join(''));
    if (!parsed.ok) {
      out.error = { code: 'PARSE', message: `The response says application/json but its body was refused: ${parsed.reason}.` };
      return finish();
    }
    const msg = classify(parsed.value);
    if (msg.kind === 'result' || msg.kind === 'error') {
      if (expectId === undefined || sameId(msg.id, expectId) || (msg.kind === 'error' && msg.id === null)) out.match = msg;
      else out.mismatch = msg;
    } else {
      out.others.push(msg);
    }
  }
  return finish();
}

/** The last (at most) 3 bytes of `before` followed by `chunk`. */
function lastBytes(before: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (chunk.byteLength >= 3) return chunk.slice(chunk.byteLength - 3);
  const joined = new Uint8Array(before.byteLength + chunk.byteLength);
  joined.set(before);
  joined.set(chunk, before.byteLength);
  return joined.slice(Math.max(0, joined.byteLength - 3));
}

/** The bytes at the end of `tail` that begin a UTF-8 character not finished yet (RFC 3629 §3). */
function unfinishedUtf8(tail: Uint8Array): Uint8Array {
  for (let back = 1; back <= tail.byteLength; back++) {
    const b = tail[tail.byteLength - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? tail.subarray(tail.byteLength - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

function kib(n: number): string {
  return `${Math.round(n / 1024)} KB`;
}

function mib(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}
