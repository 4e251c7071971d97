import { describe, expect, it } from 'vitest';
import { cannotBeMessage, createSseParser, mediaType, type SseParserOptions } from './sse';
import { readAnswer, DEFAULT_LIMITS } from './read';
import type { OutboundResponse } from '../net/types';

function parseAll(chunks: string[], options?: SseParserOptions) {
  const p = createSseParser(options);
  const out = chunks.flatMap((c) => p.push(c));
  return [...out, ...p.end()];
}

function response(contentType: string, chunks: string[], onClose?: () => void): OutboundResponse & { pulled: () => number } {
  let pulled = 0;
  const enc = new TextEncoder();
  return {
    status: 200,
    statusText: 'OK',
    url: 'http://x/mcp',
    headers: [['content-type', contentType]],
    timing: { totalMs: 0 },
    body: (async function* () {
      for (const c of chunks) {
        pulled++;
        yield enc.encode(c);
      }
    })(),
    close: () => onClose?.(),
    pulled: () => pulled,
  };
}

describe('SSE parser (WHATWG rules)', () => {
  it('skips comments, joins multi-line data and keeps the last event id', () => {
    const frames = parseAll([': keep-alive\n\nid: 1\ndata: {"a":\ndata: 1}\n\ndata: x\n\n']);
    expect(frames).toEqual([
      { event: 'message', id: '1', data: '{"a":\n1}' },
      { event: 'message', id: '1', data: 'x' },
    ]);
  });

  it('handles CRLF and CR line ends split across chunks, and a BOM', () => {
    const frames = parseAll(['\ufeffdata: a\r', '\n\r\ndata: b\r\r']);
    expect(frames.map((f) => f.data)).toEqual(['a', 'b']);
  });

  it('gives the same events however the stream is cut into chunks (LF, CR and CRLF mixed)', () => {
    const stream = 'id: 1\r\nevent: message\rdata: a\n\ndata: b\r\ndata: c\r\r: note\n\r\ndata: d\n\n';
    const whole = parseAll([stream]);
    expect(whole.map((f) => f.data)).toEqual(['a', 'b\nc', 'd']);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j += 3) expect(parseAll([stream.slice(0, i), stream.slice(i, j), stream.slice(j)])).toEqual(whole);
    }
  });

  it('gives the same events however comments, ignored fields and long lines are cut', () => {
    const long = 'z'.repeat(50);
    const stream = `: ${long}\nretry: 10\ndatum: x\nid\rdata\ndata:${long}\r\nevent:e\n\ndataXY: q\n${':'.repeat(3)}\rdata: 1\n\n`;
    const whole = parseAll([stream]);
    expect(whole).toEqual([
      { event: 'e', id: '', retry: 10, data: `\n${long}` },
      { event: 'message', id: '', data: '1' },
    ]);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j += 7) expect(parseAll([stream.slice(0, i), stream.slice(i, j), stream.slice(j)])).toEqual(whole);
    }
    expect(parseAll([...stream])).toEqual(whole); // one character at a time
    // Cut short to 20 characters, a line that cannot be a message is cut the same way in every chunking.
    const short = parseAll([stream], { keepOther: 20 });
    expect(short[0]?.data).toBe(`\n${'z'.repeat(15)}`);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j += 7) expect(parseAll([stream.slice(0, i), stream.slice(i, j), stream.slice(j)], { keepOther: 20 })).toEqual(short);
    }
  });

  it('holds a long data line once, and nothing of a long comment or ignored field', () => {
    const p = createSseParser();
    p.push('data: ');
    for (let i = 0; i < 1000; i++) p.push('x'.repeat(1000));
    expect(p.held()).toBe(6 + 1_000_000);
    expect(p.push('\n\n')).toEqual([{ event: 'message', data: 'x'.repeat(1_000_000) }]);
    expect(p.held()).toBe(0);
    for (const start of [': ', 'retry: ', 'unknownfield']) {
      p.push(start);
      for (let i = 0; i < 1000; i++) p.push('y'.repeat(1000));
      // A retry line is held only as far as a reconnection time can reach.
      expect(p.held()).toBeLessThanOrEqual(start === 'retry: ' ? 32 : 0);
      p.push('\n');
    }
    expect(p.retry()).toBeUndefined();
    expect(p.push('data: after\n\n')).toEqual([{ event: 'message', data: 'after' }]);
  });

  it('holds only the start of a line that cannot be a message, and counts the rest as other', () => {
    const p = createSseParser({ keepOther: 100 });
    p.push('data: ');
    for (let i = 0; i < 1000; i++) {
      p.push('x'.repeat(1000));
      expect(p.held()).toBeLessThanOrEqual(100);
    }
    expect(p.overlong()).toBe(true);
    const [frame] = p.push('\n\n');
    expect(frame?.data).toBe('x'.repeat(94));
    expect(p.otherChars()).toBe(6 + 1_000_000);
    // Data that may be a message is held whole, and not counted by the parser.
    const json = `{"jsonrpc":"2.0","id":1,"result":{"s":"${'y'.repeat(10_000)}"}}`;
    const q = createSseParser({ keepOther: 100 });
    expect(q.push(`data:\ndata: ${json.slice(0, 5000)}`)).toEqual([]);
    expect(q.push(`${json.slice(5000)}\n\n`)).toEqual([{ event: 'message', data: `\n${json}` }]);
    expect(q.otherChars()).toBe(0);
    expect(q.push(': keep-alive\nretry: 5\n')).toEqual([]);
    expect(q.otherChars()).toBe(20);
    expect(q.overlong()).toBe(false);
  });

  it('keeps the retry field: on the event of its block, and as the stream\'s reconnection time (WHATWG: ASCII digits only)', () => {
    const p = createSseParser();
    // SDK v1's priming event carries retry in its own block (webStandardStreamableHttp.js).
    expect(p.push('id: p-1\nretry: 1000\ndata: \n\n')).toEqual([{ event: 'message', id: 'p-1', retry: 1000, data: '' }]);
    expect(p.retry()).toBe(1000);
    // A later event without retry does not carry it; a retry-only block dispatches nothing but sets the time.
    expect(p.push('data: {}\n\nretry: 250\n\n')).toEqual([{ event: 'message', id: 'p-1', data: '{}' }]);
    expect(p.retry()).toBe(250);
    expect(p.lastEventId()).toBe('p-1');
    // Not digits only: ignored.
    for (const bad of ['retry: 1.5', 'retry: -1', 'retry: 10ms', 'retry:', `retry: ${'9'.repeat(40)}`]) {
      const q = createSseParser();
      expect(q.push(`${bad}\ndata: x\n\n`)).toEqual([{ event: 'message', data: 'x' }]);
      expect(q.retry()).toBeUndefined();
    }
    // Cut anywhere, the same value.
    const stream = 'id: 7\nretry: 3000\ndata: \n\n';
    for (let i = 0; i <= stream.length; i++) {
      const q = createSseParser();
      expect([...q.push(stream.slice(0, i)), ...q.push(stream.slice(i))]).toEqual([{ event: 'message', id: '7', retry: 3000, data: '' }]);
      expect(q.retry()).toBe(3000);
    }
  });

  it('knows which event data can never be a JSON-RPC message', () => {
    expect(cannotBeMessage('xyz')).toBe(true);
    expect(cannotBeMessage(' \n 42')).toBe(true);
    expect(cannotBeMessage(' \n {"jsonrpc":"2.0"}')).toBe(false);
    expect(cannotBeMessage('[1]')).toBe(false);
    expect(cannotBeMessage('  ')).toBe(false);
  });

  it('discards an event cut off by the end of the stream', () => {
    expect(parseAll(['data: complete\n\ndata: cut'])).toHaveLength(1);
  });

  it('dispatches nothing for an event with no data line, and keeps event types', () => {
    expect(parseAll(['event: endpoint\n\n'])).toEqual([]);
    expect(parseAll(['event: endpoint\ndata: /messages?s=1\n\n'])).toEqual([{ event: 'endpoint', data: '/messages?s=1' }]);
  });

  it('strips exactly one leading space from a value', () => {
    expect(parseAll(['data:  two\n\n'])[0]?.data).toBe(' two');
  });

  it('reads the media type without parameters, case-insensitively', () => {
    expect(mediaType('Text/Event-Stream; charset=utf-8')).toBe('text/event-stream');
    expect(mediaType(undefined)).toBeUndefined();
  });
});

describe('reading an SSE answer', () => {
  it('skips the priming event and notifications, finds the matching id, and stops reading', async () => {
    let closed = false;
    const res = response(
      'text/event-stream',
      [
        'id: p0\ndata:\n\n: ping\n\n',
        'data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}\n\n',
        'data: {"jsonrpc":"2.0","id":7,\ndata: "result":{"ok":true}}\n\n',
        'data: {"never":"read"}\n\n',
      ],
      () => (closed = true),
    );
    const out = await readAnswer(res, 7, DEFAULT_LIMITS);
    expect(out.match).toEqual({ kind: 'result', id: 7, result: { ok: true } });
    expect(out.others.map((o) => o.kind)).toEqual(['notification']);
    expect(res.pulled()).toBe(3); // the fourth chunk was never pulled
    expect(closed).toBe(true);
  });

  it('does not match an id of another JSON type ("7" vs 7)', async () => {
    const out = await readAnswer(response('text/event-stream', ['data: {"jsonrpc":"2.0","id":"7","result":{}}\n\n']), 7, DEFAULT_LIMITS);
    expect(out.match).toBeUndefined();
    expect(out.others[0]?.kind).toBe('result');
  });

  it('caps what it reads from an endless stream', async () => {
    const chunk = ': ' + 'x'.repeat(1024) + '\n\n';
    const out = await readAnswer(response('text/event-stream', Array(200).fill(chunk)), 1, { ...DEFAULT_LIMITS, maxReadBytes: 50_000 });
    expect(out.error?.code).toBe('TOO_LARGE');
    expect(out.body.length).toBeLessThanOrEqual(DEFAULT_LIMITS.keepChars);
  });

  it('stops a stream whose one line never ends: past 64 KB if it cannot be a message, at the read cap if it may be the answer', async () => {
    const endless = (start: string) => response('text/event-stream', [start, ...Array<string>(1000).fill('x'.repeat(2048))]);
    for (const start of ['data: ', ': ', 'event: ']) {
      const plain = endless(start);
      const out = await readAnswer(plain, 1, DEFAULT_LIMITS);
      expect(out.error?.message).toMatch(/a line of more than 64 KB that cannot be part of a JSON-RPC message/);
      expect(plain.pulled()).toBeLessThan(40); // 64 KB of the 2 MB sent
    }
    const json = endless('data: {"jsonrpc":"2.0","id":1,"result":{"s":"');
    const big = await readAnswer(json, 1, { ...DEFAULT_LIMITS, maxReadBytes: 1_500_000 });
    expect(big.error?.message).toMatch(/more than 1 MB without the response/);
    expect(json.pulled()).toBeGreaterThan(700); // read to the 1.5 MB read cap
  });

  it('records a JSON body with the wrong id as a mismatch', async () => {
    const out = await readAnswer(response('application/json', ['{"jsonrpc":"2.0","id":2,"result":{}}']), 1, DEFAULT_LIMITS);
    expect(out.match).toBeUndefined();
    expect(out.mismatch).toMatchObject({ kind: 'result', id: 2 });
  });

  it('marks a cut body as truncated when it exceeds what is kept', async () => {
    const big = '{"jsonrpc":"2.0","id":1,"result":{"s":"' + 'y'.repeat(100_000) + '"}}';
    const out = await readAnswer(response('application/json', [big]), 1, DEFAULT_LIMITS);
    expect(out.truncated).toBe(true);
    expect(out.match?.kind).toBe('result');
  });

  it('stops a stream that sends 1 MB of notifications without the answer, but reads a 2 MB answer whole', async () => {
    const note = `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x'.repeat(4000) } })}\n\n`;
    const chatty = response('text/event-stream', Array(1000).fill(note));
    const out = await readAnswer(chatty, 1, DEFAULT_LIMITS);
    expect(out.error?.code).toBe('TOO_LARGE');
    expect(out.error?.message).toMatch(/more than 1 MB of other events .*without the response/);
    expect(chatty.pulled()).toBeLessThan(300); // ~260 notifications of 4 KB, not the 1000 sent

    const answer = `data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 't', description: 'd'.repeat(2 * 1024 * 1024) }] } })}\n\n`;
    const big = await readAnswer(response('text/event-stream', [note, note, answer]), 1, DEFAULT_LIMITS);
    expect(big.error).toBeUndefined();
    expect(big.match?.kind).toBe('result');
  });

  it('keeps what the findings need from messages around the answer, not their payloads', async () => {
    const note = `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1, big: 'y'.repeat(1000) } })}\n\n`;
    const request = `data: ${JSON.stringify({ jsonrpc: '2.0', id: 'srv-1', method: 'sampling/createMessage', params: { messages: [] } })}\n\n`;
    const answer = `data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} })}\n\n`;
    const out = await readAnswer(response('text/event-stream', [...Array(200).fill(note), request, answer]), 1, DEFAULT_LIMITS);
    expect(out.match?.kind).toBe('result');
    // The server request after 200 notifications is still there (finding T14), and the
    // notifications are not all held.
    expect(out.others.some((o) => o.kind === 'request' && o.method === 'sampling/createMessage')).toBe(true);
    expect(out.others.length).toBeLessThanOrEqual(21);
    expect(out.others.every((o) => !('params' in o) || o.params === undefined)).toBe(true);
  });
});
