// The deprecated HTTP+SSE transport (https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse): GET opens a
// stream whose first event names the POST endpoint; every answer comes back on that stream.
import { performance } from 'node:perf_hooks';
import type { Finding, SseFrame, Step } from '../report/schema';
import { headerValue } from '../net/headers';
import type { OutboundResponse } from '../net/types';
import { buildHeaders, elapsed, maskRequestHeaders, type CheckContext, type Exchange, exchange } from './exchange';
import { finding } from './findings';
import { classify, describeError, sameId, type Incoming, type JsonRpcId } from './jsonrpc';
import { createSseParser, mediaType } from './sse';
import { parseJson } from './json';
import { quote } from '../report/redact';
import { CLIENT_INFO, LATEST_LEGACY_VERSION, POST_HEADERS } from './protocol';

/** Reads an open event stream in the background and hands out events as they arrive. */
class StreamPump {
  private frames: SseFrame[] = [];
  private waiters: Array<() => void> = [];
  ended = false;
  constructor(
    private res: OutboundResponse,
    private maxBytes: number,
  ) {
    void this.run();
  }
  private async run() {
    const parser = createSseParser();
    const decoder = new TextDecoder();
    try {
      let bytes = 0;
      for await (const chunk of this.res.body) {
        // The stream stays open for the whole handshake; a server that floods it must not fill memory.
        bytes += chunk.byteLength;
        if (bytes > this.maxBytes) {
          this.res.close();
          break;
        }
        for (const f of parser.push(decoder.decode(chunk, { stream: true }))) this.frames.push(f);
        this.wake();
      }
    } catch {
      // the stream broke or was closed by us
    }
    this.ended = true;
    this.wake();
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
  /** The next frame, or undefined at the deadline or the end of the stream. */
  async next(deadline: number): Promise<SseFrame | undefined> {
    for (;;) {
      const f = this.frames.shift();
      if (f) return f;
      if (this.ended) return undefined;
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  close() {
    this.res.close();
  }
}

export interface HttpSseOutcome {
  /** The URL answered GET with an event stream whose first event is `endpoint`. */
  detected: boolean;
  handshake: boolean;
  protocolVersion?: string;
  serverInfo?: { name: string; version: string };
  capabilities?: Record<string, unknown>;
  tools?: unknown[];
}

export async function probeHttpSse(ctx: CheckContext, url: string, findings: Finding[]): Promise<HttpSseOutcome> {
  const startMs = elapsed(ctx);
  const headers = buildHeaders(ctx.userHeaders, { accept: 'text/event-stream' });
  const step = {
    id: 'http+sse GET',
    name: 'GET (HTTP+SSE stream)',
    era: 'http+sse' as const,
    status: 'ok' as const,
    startMs,
    latencyMs: 0,
    notes: '',
    request: { method: 'GET', url, headers: maskRequestHeaders(headers, ctx.userHeaders) },
  };
  const rec: Step = step;
  ctx.steps.push(rec);
  try {
    return await handshake(ctx, url, findings, rec, startMs, headers);
  } finally {
    // The GET row stays open while the stream carries the handshake: sent live once it is final.
    ctx.onStep?.(rec);
  }
}

async function handshake(ctx: CheckContext, url: string, findings: Finding[], rec: Step, startMs: number, headers: Record<string, string>): Promise<HttpSseOutcome> {
  const result = await ctx.outbound({ method: 'GET', url, headers, timeoutMs: ctx.stepTimeoutMs, signal: ctx.signal });
  rec.latencyMs = Math.round((elapsed(ctx) - startMs) * 10) / 10;
  if (!result.ok) {
    rec.status = 'error';
    rec.error = result.error;
    rec.notes = result.error.message;
    return { detected: false, handshake: false };
  }
  const res = result.response;
  const contentType = headerValue(res.headers, 'content-type');
  rec.response = { status: res.status, headers: res.headers, ...(contentType ? { contentType } : {}), body: '', truncated: true, sse: [], ...(res.redirects ? { redirects: res.redirects } : {}) };
  if (res.status !== 200 || mediaType(contentType) !== 'text/event-stream') {
    res.close();
    rec.status = 'info';
    rec.notes = `HTTP ${res.status}${contentType ? ` ${mediaType(contentType)}` : ''}: not an HTTP+SSE endpoint either`;
    return { detected: false, handshake: false };
  }
  const pump = new StreamPump(res, ctx.limits.maxReadBytes);
  const deadline = performance.now() + ctx.stepTimeoutMs;
  try {
    const first = await pump.next(deadline);
    if (first) rec.response.sse!.push(first);
    if (!first || first.event !== 'endpoint') {
      rec.status = 'error';
      rec.notes = first ? `The first event is "${first.event}", not "endpoint".` : 'The stream sent no endpoint event.';
      findings.push(finding('T18', `HTTP+SSE: ${rec.notes}`, { stepId: rec.id }));
      return { detected: false, handshake: false };
    }
    let postUrl: URL;
    try {
      postUrl = new URL(first.data.trim(), url);
    } catch {
      rec.status = 'error';
      rec.notes = 'The endpoint event does not hold a URL.';
      return { detected: true, handshake: false };
    }
    if (postUrl.origin !== new URL(url).origin) {
      rec.status = 'error';
      rec.notes = `The endpoint ${postUrl.origin} is on another origin; refusing to POST there.`;
      findings.push(finding('T18', 'HTTP+SSE: the announced endpoint is on another origin than the stream.', { stepId: rec.id, severity: 'warning' }));
      return { detected: true, handshake: false };
    }
    rec.notes = `endpoint ${quote(postUrl.pathname)}${postUrl.search ? '?…' : ''}`;
    findings.push(finding('T17', 'Only the deprecated HTTP+SSE transport (2024-11-05) works: Streamable HTTP clients cannot connect.', { stepId: rec.id }));

    // A POST's row is labelled when its answer arrives on the stream, long after the POST itself
    // ended: its exchange is not reported when it ends, but once labelled (lib/mcp/step-feed.ts).
    const { onStep, ...quiet } = ctx;
    const call = async (stepId: string, message: Record<string, unknown>, id?: JsonRpcId): Promise<Incoming | undefined> => {
      const x = await exchange(quiet, { stepId, name: `${String(message.method)} (HTTP+SSE)`, era: 'http+sse', method: 'POST', url: postUrl.toString(), headers: { ...POST_HEADERS }, message });
      try {
        return await answer(x, id);
      } finally {
        onStep?.(x.step);
      }
    };
    const answer = async (x: Exchange, id: JsonRpcId | undefined): Promise<Incoming | undefined> => {
      if (x.status === undefined) return undefined;
      if (x.status < 200 || x.status >= 300) {
        x.step.status = 'error';
        x.step.notes = `HTTP ${x.status} from the message endpoint`;
        return undefined;
      }
      if (id === undefined) {
        x.step.notes = `HTTP ${x.status}`;
        return undefined;
      }
      const until = performance.now() + ctx.stepTimeoutMs;
      for (;;) {
        const f = await pump.next(until);
        if (!f) {
          x.step.status = 'error';
          x.step.notes = 'No answer arrived on the SSE stream.';
          return undefined;
        }
        if (f.event !== 'message' || !f.data.trim()) continue;
        const parsed = parseJson(f.data);
        if (!parsed.ok) continue;
        const msg: Incoming = classify(parsed.value);
        if ((msg.kind === 'result' || msg.kind === 'error') && sameId(msg.id, id)) {
          x.step.response = { ...(x.step.response ?? { status: x.status, headers: [], body: '', truncated: false }), sse: [f] };
          x.step.latencyMs = Math.round((elapsed(ctx) - x.step.startMs) * 10) / 10;
          x.step.notes = msg.kind === 'error' ? describeError(msg.error) : 'answer arrived on the SSE stream';
          if (msg.kind === 'error') x.step.status = 'error';
          return msg;
        }
      }
    };

    const init = await call('initialize (HTTP+SSE)', { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LATEST_LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO } }, 1);
    if (!init || init.kind !== 'result' || typeof init.result !== 'object' || init.result === null) return { detected: true, handshake: false };
    const r = init.result as { protocolVersion?: unknown; serverInfo?: { name?: unknown; version?: unknown }; capabilities?: Record<string, unknown> };
    await call('notifications/initialized (HTTP+SSE)', { jsonrpc: '2.0', method: 'notifications/initialized' });
    const out: HttpSseOutcome = {
      detected: true,
      handshake: true,
      ...(typeof r.protocolVersion === 'string' ? { protocolVersion: r.protocolVersion } : {}),
      ...(typeof r.serverInfo?.name === 'string' && typeof r.serverInfo.version === 'string' ? { serverInfo: { name: r.serverInfo.name, version: r.serverInfo.version } } : {}),
      capabilities: r.capabilities ?? {},
    };
    if (r.capabilities?.tools) {
      const list = await call('tools/list (HTTP+SSE)', { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, 2);
      if (list?.kind === 'result') {
        const tools = (list.result as { tools?: unknown }).tools;
        if (Array.isArray(tools)) out.tools = tools;
      }
    }
    return out;
  } finally {
    pump.close();
    rec.latencyMs = Math.round((elapsed(ctx) - startMs) * 10) / 10;
  }
}
