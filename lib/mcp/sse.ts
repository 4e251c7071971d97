// Incremental event-stream parser, per the WHATWG HTML "event stream interpretation" rules
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// which MCP's Streamable HTTP transport uses for `text/event-stream` responses
// (MCP 2025-11-25 §Sending Messages to the Server,
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server;
// 2026-07-28 §Receiving Messages, https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#receiving-messages).
import type { SseFrame } from '../report/schema';

export interface SseParser {
  /** Feed decoded text; returns the events completed by it. */
  push(text: string): SseFrame[];
  /** The stream ended: an event without its closing blank line is discarded (WHATWG step "end of file"). */
  end(): SseFrame[];
  /** Characters of the unfinished line held so far (a comment or an ignored field holds none). */
  held(): number;
  /**
   * A line longer than `keepOther` that cannot be part of a JSON-RPC message (a comment, an ignored
   * field, an event type or id, or data that cannot be a message) has been seen. Nothing honest
   * sends one; the reader stops there.
   */
  overlong(): boolean;
  /**
   * Characters read that cannot be part of a JSON-RPC message: comments, ignored fields, and the
   * data of events for which cannotBeMessage() holds. The reader counts them against its cap on
   * other events while a line is still arriving; frames of such events are not counted again.
   */
  otherChars(): number;
  /** The last event id the stream set (it carries over to later events), if any. */
  lastEventId(): string | undefined;
  /**
   * The reconnection time the stream's last valid `retry` field set, in milliseconds (WHATWG: a
   * value of ASCII digits only; others are ignored). A `retry` line in a block without data still
   * sets it, though no event is dispatched.
   */
  retry(): number | undefined;
}

export interface SseParserOptions {
  /**
   * Hold at most this many characters of a line that cannot be a JSON-RPC message (the data of an
   * event that does not start with "{" or "[", an event type, an id); the rest is counted, not
   * kept. Default: no limit.
   */
  keepOther?: number;
}

/** JSON whitespace that may come before a message's first character (RFC 8259 §2; no CR inside a line). */
const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a;

/** Index of the first character of `s` (from `from`) that is not JSON whitespace, or -1. */
function firstNonSpace(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!isJsonSpace(s.charCodeAt(i))) return i;
  return -1;
}

/** An event's data that can never parse as one JSON-RPC message or a batch: it starts with something other than "{" or "[". */
export function cannotBeMessage(data: string): boolean {
  const i = firstNonSpace(data, 0);
  if (i === -1) return false;
  const c = data.charCodeAt(i);
  return c !== 0x7b && c !== 0x5b;
}

/** The fields a one-shot reader keeps; comments and unknown fields are read past. */
const KEPT_FIELDS = ['data', 'event', 'id', 'retry'];
type Kept = 'data' | 'event' | 'id' | 'retry';
/** A `retry` line longer than this cannot hold a safe integer: it is counted, not held. */
const RETRY_MAX = 32;
/** Longer than any kept field name: a line this long without a colon is an unknown field. */
const FIELD_NAME_MAX = 5;

/**
 * Linear in the input: each character is scanned once, whatever the chunking. The unfinished line
 * is held as the chunks it came in and joined once when its line end arrives (appending to one
 * string and searching it again on every chunk was quadratic: a 4 MB line without a line break cost
 * seconds of CPU, issue #13). A line that is a comment or a field this reader ignores is not held
 * at all. How long a kept line may grow is bounded by the reader's byte cap (lib/mcp/read.ts).
 */
export function createSseParser(options: SseParserOptions = {}): SseParser {
  const keepOther = options.keepOther ?? Infinity;
  let first = true;
  let data: string[] = [];
  let sawData = false;
  let eventType = '';
  let lastEventId: string | undefined;
  // The stream's reconnection time, and the `retry` of the block being read (kept with its event).
  let reconnectMs: number | undefined;
  let blockRetry: number | undefined;
  // A CR at the very end of a chunk may be the first half of a CRLF split across chunks.
  let pendingCR = false;
  // The unfinished line: its pieces, their length, and whether it is known to be ignored.
  let parts: string[] = [];
  let heldChars = 0;
  let skipping = false;
  let decided = false;
  // The unfinished line's field once known, how much of it may be held, and whether it overflowed.
  let field: Kept | undefined;
  let limit = Infinity;
  let over = false;
  // Whether the current event's data can be a message: undefined until its first non-space character.
  let candidate: boolean | undefined;
  let other = 0;
  // Characters of the unfinished line so far, held or not; and whether a long useless line was seen.
  let lineChars = 0;
  let sawOverlong = false;
  /** After each piece: a line past keepOther that is not (possibly) a message's data is overlong. */
  const checkLength = () => {
    if (lineChars > keepOther && !(field === 'data' && candidate !== false && !skipping)) sawOverlong = true;
  };

  const dispatch = (out: SseFrame[]) => {
    // A blank line dispatches; with no data line seen, nothing is dispatched.
    if (sawData) {
      out.push({ event: eventType || 'message', ...(lastEventId !== undefined ? { id: lastEventId } : {}), ...(blockRetry !== undefined ? { retry: blockRetry } : {}), data: data.join('\n') });
    }
    data = [];
    sawData = false;
    eventType = '';
    blockRetry = undefined;
    candidate = undefined;
  };

  const line = (l: string, out: SseFrame[]) => {
    if (l === '') return dispatch(out);
    if (l.charCodeAt(0) === 0x3a) return; // ':' comment: keep-alive
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data.push(value);
        sawData = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value; // the id carries over to later events
        break;
      case 'retry':
        // "If the field value consists of only ASCII digits, then interpret the field value as an
        // integer in base ten, and set the event stream's reconnection time to that integer."
        if (/^[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) reconnectMs = blockRetry = Number(value);
        break;
      default:
        break; // unknown fields do not affect a one-shot reader
    }
  };

  /** The data line `l` (or its first part) from `from` on: decide whether this event can be a message. */
  const judge = (l: string, from: number) => {
    if (candidate !== undefined) return;
    const i = firstNonSpace(l, from);
    if (i === -1) return;
    const c = l.charCodeAt(i);
    candidate = c === 0x7b || c === 0x5b;
  };

  /** Once the start of an unfinished line shows its field, stop holding a line that will be ignored. */
  const decide = () => {
    const head = parts.length === 1 ? parts[0]! : parts.join('');
    if (parts.length > 1) parts = [head];
    if (head.charCodeAt(0) === 0x3a) skipping = true;
    else {
      const colon = head.indexOf(':');
      if (colon === -1 && head.length <= FIELD_NAME_MAX) return; // not known yet
      const name = colon === -1 ? head : head.slice(0, colon);
      skipping = !KEPT_FIELDS.includes(name);
      if (!skipping) {
        field = name as Kept;
        if (field === 'data' && colon !== -1) judge(head, colon + 1);
        limit = field === 'data' && candidate !== false ? Infinity : field === 'retry' ? Math.min(keepOther, RETRY_MAX) : keepOther;
      }
    }
    decided = true;
    if (skipping) {
      other += heldChars;
      parts = [];
      heldChars = 0;
    }
  };

  const hold = (piece: string) => {
    if (piece.length === 0) return;
    lineChars += piece.length;
    if (skipping || over) {
      other += piece.length;
      checkLength();
      return;
    }
    if (decided && field === 'data' && candidate === undefined) {
      judge(piece, 0);
      if (candidate === false) limit = keepOther;
    }
    parts.push(piece);
    heldChars += piece.length;
    if (!decided) decide();
    if (heldChars > limit) {
      // Keep the first `limit` characters of a line that cannot be a message; count the rest.
      const head = parts.join('').slice(0, limit);
      other += heldChars - head.length;
      parts = [head];
      heldChars = head.length;
      over = true;
    }
    checkLength();
  };

  /** The line that ends here: what was held before, plus `piece`; undefined when it is ignored. */
  const finishLine = (piece: string): string | undefined => {
    lineChars += piece.length;
    let l: string | undefined;
    if (skipping) other += piece.length;
    else if (over) {
      other += piece.length;
      l = parts[0]!;
      if (field === 'retry') {
        // Too long to be a reconnection time: its head must not be read as one.
        other += l.length;
        l = undefined;
      }
    } else {
      l = parts.length === 0 ? piece : parts.length === 1 ? parts[0]! + piece : parts.join('') + piece;
      if (l.length > limit) {
        other += l.length - limit;
        l = l.slice(0, limit);
      }
    }
    if (l !== undefined && l.length > 0 && l.charCodeAt(0) !== 0x3a) {
      // A data line decides the event's kind if nothing before it did; its characters count as
      // other once the event cannot be a message (the reader does not count such frames again).
      const colon = l.indexOf(':');
      const name = colon === -1 ? l : l.slice(0, colon);
      if (name === 'data') {
        if (colon !== -1) judge(l, colon + 1);
        if (candidate === false) {
          if (l.length > keepOther) {
            other += l.length - keepOther;
            l = l.slice(0, keepOther);
          }
          other += l.length;
        }
      } else if (name === 'retry' || !KEPT_FIELDS.includes(name)) other += l.length;
      if (!decided) field = KEPT_FIELDS.includes(name) ? (name as Kept) : undefined;
      skipping ||= !KEPT_FIELDS.includes(name);
    } else if (l !== undefined && l.length > 0) {
      other += l.length;
      skipping = true;
    }
    checkLength();
    lineChars = 0;
    parts = [];
    heldChars = 0;
    skipping = false;
    decided = false;
    over = false;
    field = undefined;
    limit = Infinity;
    return l;
  };

  return {
    push(text: string): SseFrame[] {
      const out: SseFrame[] = [];
      // An empty chunk (a decoder holding half a UTF-8 sequence returns one) must not forget a CR
      // that ended the previous chunk, or the LF after it would read as a blank line.
      if (text.length === 0) return out;
      let start = 0;
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) start = 1;
        first = false;
      }
      if (pendingCR && text.charCodeAt(start) === 10) start++;
      pendingCR = false;
      // Jump from line end to line end with indexOf (native), searching each character once: the
      // next LF and the next CR are each looked for again only once the scan has passed them.
      let lf = text.indexOf('\n', start);
      let cr = text.indexOf('\r', start);
      while (lf !== -1 || cr !== -1) {
        const i = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        const l = finishLine(text.slice(start, i));
        if (l !== undefined) line(l, out);
        let next = i + 1;
        if (i === cr) {
          if (next < text.length) {
            if (text.charCodeAt(next) === 10) next++;
          } else {
            pendingCR = true;
          }
        }
        start = next;
        if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
        if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      }
      if (start < text.length) hold(start === 0 ? text : text.slice(start));
      return out;
    },
    end(): SseFrame[] {
      parts = [];
      heldChars = 0;
      data = [];
      sawData = false;
      candidate = undefined;
      return [];
    },
    held: () => heldChars,
    overlong: () => sawOverlong,
    // The unfinished line counts as soon as it is known not to be a message.
    otherChars: () => other + (decided && !skipping && field === 'data' && candidate === false ? heldChars : 0),
    lastEventId: () => lastEventId,
    retry: () => reconnectMs,
  };
}

/** Media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return contentType.split(';')[0]?.trim().toLowerCase() || undefined;
}
