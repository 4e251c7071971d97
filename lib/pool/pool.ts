// Checks off the event loop that serves pages (issue 20): the web app's doors hand each check to a
// few worker threads (lib/pool/worker.ts) instead of running the engine on the thread that renders
// pages and answers the API. A burst of checks then spends its CPU (parsing, judging, building the
// report) on the workers' event loops, and pages keep being served.
//
// `run` has runCheck's signature, so the guard and the scheduler take either. What crosses to a
// worker is data only: the input, the address policy the guard admitted (plain values) and the
// budgets. The worker builds its own outbound handle and resolver from that policy, as
// lib/deps.ts does for every door. onStep/onVerdict come back as messages, in the order the engine
// made them; an abort of the door's signal is sent to the worker, which aborts the check there.
// Deps that are functions (a test's outbound, resolver or clock) cannot cross a thread: with any
// of them the check runs in this thread, as before.
//
// Our own rather than piscina/tinypool: those run one task per worker at a time and return one
// value, while a check is I/O-bound (many run at once in one worker), streams steps and a verdict
// back while it runs, and takes a cancel mid-flight; that is most of what is below.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { CheckCancelled, runCheck, type CheckDeps, type CheckInput, type KnownVerdict } from '../check';
import type { AddressPolicy } from '../net/policy';
import type { Report, Step } from '../report/schema';

/** Main thread → worker. */
export type ToWorker =
  | { type: 'check'; id: number; input: CheckInput; policy?: AddressPolicy; stepTimeoutMs?: number; checkTimeoutMs?: number; live: boolean }
  | { type: 'cancel'; id: number };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'step'; id: number; step: Step }
  | { type: 'verdict'; id: number; verdict: KnownVerdict }
  | { type: 'done'; id: number; report: Report }
  | { type: 'failed'; id: number; cancelled: boolean; message: string };

export type CheckRunner = (input: CheckInput, deps?: CheckDeps) => Promise<Report>;

export interface CheckPool {
  run: CheckRunner;
  /** Worker threads (started as needed). */
  size: number;
  /** Starts every worker and resolves once each has loaded the engine (a server start, a test's READY). */
  warm(): Promise<void>;
  /** Checks in flight in the workers. */
  inFlight(): number;
  /** Stops the workers; checks still running reject. */
  close(): Promise<void>;
}

export interface PoolOptions {
  /** The worker's entry: a plain ES module that loads lib/pool/worker.ts (lib/pool/worker.mjs). */
  entry: string | URL;
  /** Worker threads; default: the machine's cores but one (left to the thread that serves pages), 1 to 4. */
  size?: number;
}

interface Job {
  resolve: (report: Report) => void;
  reject: (err: Error) => void;
  onStep?: (step: Step) => void;
  onVerdict?: (v: KnownVerdict) => void;
  detach: () => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Resolves when the worker has loaded the engine, or has gone. */
  ready: Promise<void>;
}

/** Deps a worker cannot take: anything that is code rather than data. */
const inProcessOnly = (deps: CheckDeps) => deps.outbound !== undefined || deps.now !== undefined || Object.entries(deps.outboundOptions ?? {}).some(([k, v]) => k !== 'policy' && v !== undefined);

export function createCheckPool(options: PoolOptions): CheckPool {
  // More workers than spare cores only split the same CPU finer: on 2 cores, 200 checks cost
  // 10–14 ms of CPU each with 2 workers against 6–8 ms with 1 (or on one thread).
  const size = Math.max(1, options.size ?? Math.min(4, availableParallelism() - 1));
  const slots: Array<Slot | undefined> = new Array(size).fill(undefined);
  let nextId = 1;
  let closed = false;

  const start = (i: number): Slot => {
    // No execArgv of this process (a `--import tsx` would put every module the worker loads, the
    // prebuilt bundle included, through tsx's loader: 2-3 times the start-up CPU). resourceLimits
    // stay at Node's defaults: a check's bodies are capped by the engine itself.
    const worker = new Worker(options.entry, { execArgv: [] });
    let loaded!: () => void;
    const slot: Slot = { worker, jobs: new Map(), ready: new Promise((r) => (loaded = r)) };
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') return loaded();
      const job = slot.jobs.get(m.id);
      if (!job) return;
      switch (m.type) {
        case 'step':
          return job.onStep?.(m.step);
        case 'verdict':
          return job.onVerdict?.(m.verdict);
        case 'done':
          finish(slot, m.id);
          return job.resolve(m.report);
        case 'failed':
          finish(slot, m.id);
          return job.reject(m.cancelled ? new CheckCancelled() : new Error(m.message));
      }
    });
    const lost = (why: string) => {
      loaded();
      if (slots[i] === slot) slots[i] = undefined;
      for (const [id, job] of slot.jobs) {
        finish(slot, id);
        job.reject(new Error(`the check worker ${why}`));
      }
    };
    worker.on('error', (err) => lost(`failed: ${err.message}`));
    worker.on('exit', (code) => lost(`exited (${code})`));
    slots[i] = slot;
    return slot;
  };

  const finish = (slot: Slot, id: number) => {
    slot.jobs.get(id)?.detach();
    slot.jobs.delete(id);
    // A worker with nothing to do does not keep the process alive (tests, the CLI's own processes).
    if (slot.jobs.size === 0) slot.worker.unref();
  };

  /** The worker with the fewest checks in flight; a missing one is started. */
  const pick = (): Slot => {
    let best: Slot | undefined;
    for (let i = 0; i < size; i++) {
      const slot = slots[i] ?? start(i);
      if (!best || slot.jobs.size < best.jobs.size) best = slot;
      if (slot.jobs.size === 0) break;
    }
    return best!;
  };

  const run: CheckRunner = (input, deps = {}) => {
    if (closed || inProcessOnly(deps)) return runCheck(input, deps);
    const { signal, onStep, onVerdict } = deps;
    if (signal?.aborted) return Promise.reject(new CheckCancelled());
    const slot = pick();
    const id = nextId++;
    return new Promise<Report>((resolve, reject) => {
      const cancel = () => slot.worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      signal?.addEventListener('abort', cancel, { once: true });
      slot.jobs.set(id, { resolve, reject, onStep, onVerdict, detach: () => signal?.removeEventListener('abort', cancel) });
      slot.worker.ref();
      const policy = deps.outboundOptions?.policy;
      slot.worker.postMessage({
        type: 'check',
        id,
        input,
        ...(policy ? { policy } : {}),
        ...(deps.stepTimeoutMs !== undefined ? { stepTimeoutMs: deps.stepTimeoutMs } : {}),
        ...(deps.checkTimeoutMs !== undefined ? { checkTimeoutMs: deps.checkTimeoutMs } : {}),
        live: onStep !== undefined || onVerdict !== undefined,
      } satisfies ToWorker);
    });
  };

  return {
    run,
    size,
    async warm() {
      if (closed) return;
      await Promise.all(Array.from({ length: size }, (_, i) => (slots[i] ?? start(i)).ready));
    },
    inFlight: () => slots.reduce((n, s) => n + (s?.jobs.size ?? 0), 0),
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}
