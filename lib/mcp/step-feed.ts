// Live progress (issue 17, "live steps"): each step goes to the door's onStep once, after the code
// that awaited its exchange has labelled it, so a live row shows what the report will show.
//
// - A finished exchange is queued and sent on the next macrotask (setImmediate): the awaiting code
//   settles status and notes synchronously after its `await`, in microtasks that all run first.
// - Steps whose labels wait for a later decision (the era probes: server/discover and initialize
//   are relabelled once both have answered) are held until the engine releases them.
// - `drain(steps)` sends everything not yet sent, in the report's order (steps recorded without an
//   exchange, such as the metadata fetches, and the CORS preflight, judged last, are sent there).
// A step is final once sent: nothing may change it afterwards (a row the page shows live is the
// report's row). Code that labels a step later than right after its exchange, such as the HTTP+SSE
// POSTs answered on the stream, reports it itself once labelled; e2e/integration/live.test.ts
// compares what was sent with the report on one peer per era runner.
// Nothing is sent once the door has cancelled the check.
import type { Step } from '../report/schema';

export interface StepFeed {
  /** A step's exchange ended: send it once its awaiting code has labelled it. */
  finished(step: Step): void;
  /** A step's exchange ended, but its labels wait for `release`. */
  hold(step: Step): void;
  /** Send these held steps now. */
  release(...steps: Step[]): void;
  /** Send the queued steps now (before the verdict, so the rows that decided it come first). */
  flush(): void;
  /** Send every step not yet sent, held or not. */
  drain(steps: readonly Step[]): void;
}

export function createStepFeed(emit: (step: Step) => void, active: () => boolean): StepFeed {
  const sent = new WeakSet<Step>();
  const held = new Set<Step>();
  let queue: Step[] = [];
  let timer: NodeJS.Immediate | undefined;
  const send = (s: Step) => {
    if (sent.has(s) || !active()) return;
    sent.add(s);
    emit(s);
  };
  const flush = () => {
    if (timer) clearImmediate(timer);
    timer = undefined;
    const due = queue;
    queue = [];
    for (const s of due) send(s);
  };
  return {
    finished(step) {
      queue.push(step);
      timer ??= setImmediate(flush);
    },
    hold(step) {
      held.add(step);
    },
    release(...steps) {
      for (const s of steps) {
        if (!held.delete(s)) continue;
        send(s);
      }
    },
    flush,
    drain(steps) {
      flush();
      held.clear();
      for (const s of steps) send(s);
    },
  };
}
