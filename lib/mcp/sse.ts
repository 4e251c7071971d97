// Incremental event-stream parser, per the WHATWG HTML "event stream interpretation" rules
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// which MCP's Streamable HTTP transport uses for `text/event-stream` responses
// (MCP 2025-11-25 basic/transports §"Sending Messages to the Server"; 2026-07-28 streamable-http).
import type { SseFrame } from '../report/schema';

export interface SseParser {
  /** Feed decoded text; returns the events completed by it. */
  push(text: string): SseFrame[];
  /** The stream ended: an event without its closing blank line is discarded (WHATWG step "end of file"). */
  end(): SseFrame[];
}

export function createSseParser(): SseParser {
  let buffer = '';
  let first = true;
  let data: string[] = [];
  let sawData = false;
  let eventType = '';
  let lastEventId: string | undefined;
  // A CR at the very end of a chunk may be the first half of a CRLF split across chunks.
  let pendingCR = false;

  const dispatch = (out: SseFrame[]) => {
    // A blank line dispatches; with no data line seen, nothing is dispatched.
    if (sawData) {
      out.push({ event: eventType || 'message', ...(lastEventId !== undefined ? { id: lastEventId } : {}), data: data.join('\n') });
    }
    data = [];
    sawData = false;
    eventType = '';
  };

  const line = (l: string, out: SseFrame[]) => {
    if (l === '') return dispatch(out);
    if (l.startsWith(':')) return; // comment: keep-alive
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
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
      default:
        break; // `retry` and unknown fields do not affect a one-shot reader
    }
  };

  return {
    push(text: string): SseFrame[] {
      const out: SseFrame[] = [];
      // An empty chunk (a decoder holding half a UTF-8 sequence returns one) must not forget a CR
      // that ended the previous chunk, or the LF after it would read as a blank line.
      if (text.length === 0) return out;
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (pendingCR && text.startsWith('\n')) text = text.slice(1);
      pendingCR = false;
      buffer += text;
      let start = 0;
      // Jump from line end to line end with indexOf (native) rather than testing every character:
      // an endless stream of long lines is read up to the 4 MB cap (docs/benchmarks.md, part 3).
      let lf = buffer.indexOf('\n');
      let cr = buffer.indexOf('\r');
      while (lf !== -1 || cr !== -1) {
        const i = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        line(buffer.slice(start, i), out);
        let next = i + 1;
        if (i === cr) {
          if (next < buffer.length) {
            if (buffer.charCodeAt(next) === 10) next++;
          } else {
            pendingCR = true;
          }
        }
        start = next;
        if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
        if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      }
      buffer = buffer.slice(start);
      return out;
    },
    end(): SseFrame[] {
      buffer = '';
      data = [];
      sawData = false;
      return [];
    },
  };
}

/** Media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return contentType.split(';')[0]?.trim().toLowerCase() || undefined;
}
