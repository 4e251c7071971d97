// The engine's outside world for the app, the CLI and the tests, in one place.
import type { CheckDeps } from './check';

export interface EngineOptions extends Partial<CheckDeps> {
  /** Let checks reach loopback and private addresses (operator opt-in; the test suite). */
  allowPrivate?: boolean;
}

export function engineDeps(opts: EngineOptions = {}): CheckDeps {
  const { allowPrivate: _allowPrivate, ...rest } = opts;
  return { ...rest };
}
