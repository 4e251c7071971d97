// POST /api/check with `Accept: text/event-stream`: the same guard and engine as the JSON answer,
// heard live (issue 17, "live steps"). Refusals (403, 422, 429, …) are the JSON route's, with their
// status, before any stream starts; once the guard admits the check the answer is 200 and an event
// stream (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
//
//   event: step     one per step as it finishes, masked as in the report (lib/report/redact-report)
//   event: verdict  {verdict, era, toolCount, afterMs}, as soon as it is known
//   event: report   the JSON route's body: {report, signature, shareUrl?}
//   event: error    {error}: the check could not finish (the stream then ends)
//
// A client that goes away (closed page, Cancel) aborts the check: requests in flight end and
// nothing more is sent to the server being checked.
import type { CheckApiResponse } from '@/lib/api';
import { CheckCancelled } from '@/lib/check';
import type { Checked, Guard, GuardRequest } from '@/lib/guard/guard';
import type { CheckRequest } from '@/lib/input';

export type Finish = (checked: Extract<Checked, { ok: true }>) => Promise<{ ok: true; body: CheckApiResponse } | { ok: false; error: string; status: number; retryAfterS?: number }>;

/** The stream's answer, or the guard's refusal (for the door to answer as JSON). */
export async function streamCheck(guard: Guard, request: Request, input: CheckRequest, finish: Finish): Promise<Response | Extract<Checked, { ok: false }>> {
  const cancel = new AbortController();
  const gone = () => cancel.abort();
  request.signal?.addEventListener('abort', gone, { once: true });
  const encoder = new TextEncoder();
  let out: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const early: Uint8Array[] = [];
  const send = (event: string, data: unknown) => {
    if (closed) return;
    const chunk = encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (out) out.enqueue(chunk);
    else early.push(chunk);
  };
  const end = () => {
    request.signal?.removeEventListener('abort', gone);
    if (closed) return;
    closed = true;
    out?.close();
  };

  let admitted!: () => void;
  const started = new Promise<'started'>((resolve) => (admitted = () => resolve('started')));
  const checked = guard.check(request as GuardRequest, input, { signal: cancel.signal, admitted, onStep: (step) => send('step', step), onVerdict: (v) => send('verdict', v) });
  const first = await Promise.race([started, checked]);
  if (first !== 'started') {
    request.signal?.removeEventListener('abort', gone);
    // Every refusal comes before the engine starts; an ok here would mean the guard skipped `admitted`.
    if (!first.ok) return first;
  }

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
      for (const chunk of early.splice(0)) controller.enqueue(chunk);
      void checked
        .then(async (result) => {
          if (!result.ok) return send('error', { error: result.error });
          const finished = await finish(result);
          send(finished.ok ? 'report' : 'error', finished.ok ? finished.body : { error: finished.error });
        })
        .catch((err: unknown) => {
          // Cancelled: the client is gone and hears nothing more.
          if (!(err instanceof CheckCancelled)) send('error', { error: 'The check failed inside the checker. Try again in a moment.' });
        })
        .finally(end);
    },
    cancel() {
      closed = true;
      gone();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      // Proxies that buffer responses (nginx) would hold every step until the end.
      'x-accel-buffering': 'no',
    },
  });
}

/** The client asked for the live answer. */
export function wantsStream(request: Request): boolean {
  return (request.headers.get('accept') ?? '').toLowerCase().includes('text/event-stream');
}
