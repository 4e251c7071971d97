// Runs hostile fixtures (e2e/fixtures/hostile.ts) in their own process for the bench, so pumping a
// 100 MB body or an endless stream costs the bench's checker nothing but the reading.
//   node --import tsx e2e/bench/hostile-host.ts '["huge-json","endless-sse","drip"]'
// prints `READY [{"kind":…,"url":…}]`; "STATS" on stdin prints bytes sent and connections per
// server; exits when stdin closes.
import { startHostile, type HostileKind, type HostileServer } from '../fixtures/hostile';

async function main(): Promise<void> {
  const raw: unknown = JSON.parse(process.argv[2] ?? '[]');
  if (!Array.isArray(raw) || !raw.every((k) => typeof k === 'string')) throw new Error('expected a JSON array of hostile kinds');
  const servers: HostileServer[] = await Promise.all((raw as HostileKind[]).map((k) => startHostile(k)));
  const stop = () => void Promise.all(servers.map((s) => s.stop())).then(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.on('SIGTERM', stop);
  process.stdin.on('data', (d: Buffer) => {
    if (d.toString().includes('STATS')) {
      process.stdout.write(`STATS ${JSON.stringify(servers.map((s) => ({ kind: s.kind, sent: s.sent(), connections: s.connections() })))}\n`);
    }
  });
  process.stdin.resume();
  process.stdout.write(`READY ${JSON.stringify(servers.map((s) => ({ kind: s.kind, url: s.url })))}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
