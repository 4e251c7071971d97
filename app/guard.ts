// The web app's guard (lib/guard), built once per process from the environment: every door of the
// app (the page's actions, POST /api/check, the token flow, and any door added later) asks it
// before doing anything. Limits are counted in the database every instance shares, and in this
// process's memory while the database is unavailable. Checks run in the app's worker threads
// (app/check-pool.ts).
import 'server-only';
import { DbRateLimitStore } from '@/db/ratelimit-store';
import { guardConfig } from '@/lib/guard/config';
import { createGuard, type Guard } from '@/lib/guard/guard';
import { FallbackRateLimitStore } from '@/lib/ratelimit';
import { checkRunner } from './check-pool';

// On globalThis: Next bundles each route on its own, and every bundle must count in the same place.
const SLOT = Symbol.for('mcp-health.guard');
const holder = globalThis as typeof globalThis & { [SLOT]?: Guard };

export function appGuard(): Guard {
  holder[SLOT] ??= createGuard(guardConfig(process.env), { store: new FallbackRateLimitStore(new DbRateLimitStore()), run: checkRunner() });
  return holder[SLOT];
}
