import { describe, expect, it, vi } from 'vitest';
import { startLoop } from './loop';

/** A run that ends when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}

describe('the scheduler loop', () => {
  it('never runs more than maxConcurrent checks at once, and takes the next due monitor as soon as one ends', async () => {
    const gates: ReturnType<typeof gate>[] = [];
    let claimed = 0;
    const loop = startLoop({
      tickMs: 60_000, // ticks are driven by hand below
      maxConcurrent: 3,
      claim: async () => (claimed < 10 ? ++claimed : undefined), // ten monitors due
      run: () => {
        const g = gate();
        gates.push(g);
        return g.done;
      },
      log: () => {},
    });
    // The loop ticks once at start: ten monitors are due, three run.
    await vi.waitFor(() => expect(loop.running).toBe(3));
    await loop.tick();
    expect(loop.running).toBe(3);
    expect(claimed).toBe(3);
    await loop.tick();
    expect(claimed).toBe(3);
    gates[0]!.open();
    await gates[0]!.done;
    await new Promise((r) => setImmediate(r));
    expect(loop.running).toBe(2);
    await loop.tick();
    expect(loop.running).toBe(3);
    expect(claimed).toBe(4);
    for (const g of gates) g.open();
    await loop.stop();
    expect(loop.running).toBe(0);
  });

  it('a database that is away, or a run that throws, is logged and the next tick goes on', async () => {
    const logged: string[] = [];
    let fail = true;
    let runs = 0;
    const loop = startLoop({
      tickMs: 60_000,
      maxConcurrent: 1,
      claim: async () => {
        if (fail) throw new Error('SQLITE_BUSY');
        return runs < 1 ? 'm1' : undefined;
      },
      run: async () => {
        runs++;
        throw new Error('boom');
      },
      log: (m) => logged.push(m),
    });
    await vi.waitFor(() => expect(logged.some((m) => m.includes('claim failed: SQLITE_BUSY'))).toBe(true));
    fail = false;
    await loop.tick();
    await loop.stop();
    expect(runs).toBe(1);
    expect(logged.some((m) => m.includes('a run failed: boom'))).toBe(true);
  });
});
