// Runs one bench part in a fresh process (clean heap, JIT and peak-RSS figures) and prints
// `RESULT <json>` for the runner.
import type { PartResult } from './types';

const parts: Record<string, () => Promise<PartResult>> = {
  latency: async () => (await import('./latency')).runLatency(),
  load: async () => (await import('./load')).runLoad(),
  hostile: async () => (await import('./hostile')).runHostile(),
  storage: async () => (await import('./storage')).runStorage(),
  web: async () => (await import('./web')).runWeb(),
};

const name = process.argv[2] ?? '';
const run = parts[name];
if (!run) {
  process.stderr.write(`unknown part "${name}"; one of ${Object.keys(parts).join(', ')}\n`);
  process.exit(2);
}
run().then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
