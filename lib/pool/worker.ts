// One check worker thread (lib/pool/pool.ts starts them; lib/pool/worker.mjs loads this file). It
// runs the very same runCheck as every door, many checks at once, with the address policy the
// guard admitted for each: the outbound handle and its resolver are built here from that policy,
// as lib/deps.ts builds them, since code cannot cross a thread. Steps and the verdict go back as
// messages while the check runs; a cancel from the door aborts that check's signal.
import { parentPort } from 'node:worker_threads';
import { CheckCancelled, runCheck, type CheckDeps } from '../check';
import { CLOSED_POLICY } from '../net/policy';
import type { FromWorker, ToWorker } from './pool';

const port = parentPort;
if (!port) throw new Error('lib/pool/worker.ts runs as a worker thread only');
const post = (m: FromWorker) => port.postMessage(m);
const running = new Map<number, AbortController>();

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') return void running.get(m.id)?.abort();
  const { id } = m;
  const cancel = new AbortController();
  running.set(id, cancel);
  const deps: CheckDeps = {
    outboundOptions: { policy: m.policy ?? CLOSED_POLICY },
    signal: cancel.signal,
    ...(m.stepTimeoutMs !== undefined ? { stepTimeoutMs: m.stepTimeoutMs } : {}),
    ...(m.checkTimeoutMs !== undefined ? { checkTimeoutMs: m.checkTimeoutMs } : {}),
    ...(m.live ? { onStep: (step) => post({ type: 'step', id, step }), onVerdict: (verdict) => post({ type: 'verdict', id, verdict }) } : {}),
  };
  runCheck(m.input, deps).then(
    (report) => post({ type: 'done', id, report }),
    (err: unknown) => post({ type: 'failed', id, cancelled: err instanceof CheckCancelled, message: err instanceof Error ? err.message : String(err) }),
  ).finally(() => running.delete(id));
});
post({ type: 'ready' });
