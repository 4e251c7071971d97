// The page's side of POST /api/check with Accept: text/event-stream (app/api/check/stream.ts): the
// same door as the JSON API, heard step by step. EventSource cannot POST, so the stream is read
// from fetch and split into events here (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation;
// the server only ever writes `event:` and one `data:` line per event).
import type { KnownVerdict } from '@/lib/check';
import type { Report, Step } from '@/lib/report/schema';

export interface CheckBody {
  url: string;
  headers: Record<string, string>;
  probes?: false;
}

export type StreamOutcome =
  | { kind: 'report'; report: Report; signature: string }
  | { kind: 'refused'; error: string; field?: 'url' | 'headers' }
  | { kind: 'cancelled' };

export interface StreamListener {
  step(step: Step): void;
  verdict(known: KnownVerdict): void;
}

const NO_ANSWER = 'The check could not be run: the app did not answer. Try again in a moment.';

export async function streamCheck(body: CheckBody, signal: AbortSignal, on: StreamListener): Promise<StreamOutcome> {
  let res: Response;
  try {
    res = await fetch('/api/check', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(body), signal });
  } catch {
    return signal.aborted ? { kind: 'cancelled' } : { kind: 'refused', error: NO_ANSWER };
  }
  if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const answer = (await res.json().catch(() => null)) as { error?: unknown; field?: unknown } | null;
    if (typeof answer?.error !== 'string') return { kind: 'refused', error: NO_ANSWER };
    return { kind: 'refused', error: answer.error, ...(answer.field === 'url' || answer.field === 'headers' ? { field: answer.field } : {}) };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        const value = JSON.parse(data) as unknown;
        if (event === 'step') on.step(value as Step);
        else if (event === 'verdict') on.verdict(value as KnownVerdict);
        else if (event === 'report') {
          const { report, signature } = value as { report: Report; signature: string };
          return { kind: 'report', report, signature };
        } else if (event === 'error') return { kind: 'refused', error: (value as { error: string }).error };
      }
    }
  } catch {
    if (signal.aborted) return { kind: 'cancelled' };
  }
  return signal.aborted ? { kind: 'cancelled' } : { kind: 'refused', error: 'The check stopped before it finished: the connection to the app was lost. Try again.' };
}
