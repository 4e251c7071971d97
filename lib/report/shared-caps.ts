// How big a shared copy may get: every body, SSE stream and tool-call content is cut to the same
// cap, on a character boundary, with a visible marker saying how much was not stored. Used by
// sanitize.ts (the shared copy); what is cut is never masked here, only shortened.
import type { SseFrame, Step, WireResponse } from './schema';
import type { ContentItem, ToolCall } from './call';

export const SHARED_BODY_CAP_BYTES = 16 * 1024;

export function capStep(step: Step, cap: number): { step: Step; count: number } {
  let count = 0;
  const out: Step = { ...step };
  if (step.request?.body !== undefined) {
    const c = capText(step.request.body, cap);
    if (c.cut) count++;
    out.request = { ...step.request, body: c.text };
  }
  if (step.response) {
    const res: WireResponse = { ...step.response };
    const body = capText(res.body, cap);
    if (body.cut) {
      count++;
      res.body = body.text;
      res.truncated = true;
    }
    if (res.sse) {
      const frames = capFrames(res.sse, cap);
      if (frames.cut) {
        if (!body.cut) count++;
        res.sse = frames.frames;
        res.truncated = true;
      }
    }
    out.response = res;
  }
  return { step: out, count };
}

/**
 * A tool call in a shared copy: content data and text under the same cap as a body, and no MCP
 * Apps document (a shared page shows the call, it does not run someone's app).
 */
export function capCall(call: ToolCall, cap: number): { call: ToolCall; count: number } {
  let count = 0;
  const content = call.content?.map((item): ContentItem => {
    if ((item.type === 'image' || item.type === 'audio') && item.data.length > cap) {
      count++;
      return { ...item, data: '', truncated: true };
    }
    if (item.type === 'text') {
      const c = capText(item.text, cap);
      if (c.cut) count++;
      return { ...item, text: c.text };
    }
    if (item.type === 'resource') {
      const r = item.resource;
      if ((r.blob?.length ?? 0) > cap || (r.text !== undefined && capText(r.text, cap).cut)) {
        count++;
        return { ...item, resource: { uri: r.uri, ...(r.mimeType ? { mimeType: r.mimeType } : {}), ...(r.text !== undefined ? { text: capText(r.text, cap).text } : {}) }, truncated: true };
      }
    }
    return item;
  });
  const out: ToolCall = { ...call, ...(content ? { content } : {}) };
  if (call.app?.html !== undefined) out.app = { ...call.app, html: undefined };
  return { call: out, count };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Cut to `cap` UTF-8 bytes on a character boundary, with a visible marker saying how much went. */
export function capText(text: string, cap: number): { text: string; cut: boolean } {
  const bytes = encoder.encode(text);
  if (bytes.length <= cap) return { text, cut: false };
  let end = cap;
  // Back off to the first byte of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  const kept = decoder.decode(bytes.subarray(0, end));
  return { text: `${kept}\n${capMarker(bytes.length - end, cap)}`, cut: true };
}

export function capMarker(droppedBytes: number, cap: number): string {
  return `… [shared copy cut at ${Math.round(cap / 1024)} KB: ${droppedBytes.toLocaleString('en-US')} more bytes not stored]`;
}

/** The SSE frames of one step share the same budget as a body. */
function capFrames(frames: SseFrame[], cap: number): { frames: SseFrame[]; cut: boolean } {
  let budget = cap;
  const out: SseFrame[] = [];
  let cut = false;
  let dropped = 0;
  for (const f of frames) {
    const size = encoder.encode(f.data).length;
    if (cut) {
      dropped++;
      continue;
    }
    if (size <= budget) {
      out.push(f);
      budget -= size;
      continue;
    }
    const c = capText(f.data, Math.max(0, budget));
    out.push({ ...f, data: c.text });
    budget = 0;
    cut = true;
  }
  if (cut && dropped > 0) out.push({ event: 'shared-copy', data: `… [${dropped} more event${dropped === 1 ? '' : 's'} not stored in the shared copy]` });
  return { frames: out, cut };
}
