// One scheduler instance in its own process, as one app instance runs it (instrumentation.ts):
// the multi-process monitor test starts two of these on one database file. Configured by the
// environment like the app (DATA_DIR, MONITOR_*, ALLOW_PRIVATE_NETWORKS). Exits when its stdin
// closes, so a test runner that dies takes it along.
import { warmChecks } from '@/app/check-pool';
import { startMonitorScheduler } from '@/app/monitor-scheduler';

// Ready means ready to run checks: the app's check workers have loaded the engine (as the server
// starts them at once, instrumentation.ts).
await warmChecks(process.env);
const loop = startMonitorScheduler(process.env);
if (!loop) throw new Error('MONITORS is off');
process.stdout.write(`READY ${process.pid}\n`);
const keepAlive = setInterval(() => undefined, 60_000);
const stop = async () => {
  clearInterval(keepAlive);
  await loop.stop();
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
