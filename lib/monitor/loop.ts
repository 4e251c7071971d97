// The scheduler's loop, storage-free: every tick it claims due monitors until it runs `maxConcurrent`
// checks at once (so monitors never starve the page of sockets and CPU), and runs each claim in the
// background. Claiming and recording are db/scheduler.ts; what a run does is the caller's.
export interface LoopDeps<C> {
  claim(now: number): Promise<C | undefined>;
  run(claim: C): Promise<void>;
  /** Housekeeping (expiry, purges), every `maintainEveryMs`. */
  maintain?(now: number): Promise<void>;
  maintainEveryMs?: number;
  tickMs: number;
  maxConcurrent: number;
  now?: () => number;
  log?: (message: string) => void;
}

export interface Loop {
  /** One pass: claim and start as many runs as there is room for. */
  tick(): Promise<void>;
  /** Stop ticking and wait for the runs in flight. */
  stop(): Promise<void>;
  readonly running: number;
}

export function startLoop<C>(deps: LoopDeps<C>): Loop {
  const now = deps.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let ticking = false;
  let lastMaintain = 0;
  const log = deps.log ?? ((m: string) => console.error(`[mcp-health] monitors: ${m}`));

  const tick = async () => {
    if (stopped || ticking) return;
    ticking = true;
    try {
      const t = now();
      if (deps.maintain && t - lastMaintain >= (deps.maintainEveryMs ?? 600_000)) {
        lastMaintain = t;
        await deps.maintain(t).catch((err: unknown) => log(`housekeeping failed: ${String(err)}`));
      }
      while (!stopped && inFlight.size < deps.maxConcurrent) {
        const claim = await deps.claim(now());
        if (!claim) break;
        const p: Promise<void> = deps
          .run(claim)
          .catch((err: unknown) => log(`a run failed: ${err instanceof Error ? err.message : String(err)}`))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    } catch (err) {
      // The database may be away for a while; the next tick tries again.
      log(`claim failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      ticking = false;
    }
  };

  const timer = setInterval(() => void tick(), deps.tickMs);
  timer.unref();
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
    get running() {
      return inFlight.size;
    },
  };
}
