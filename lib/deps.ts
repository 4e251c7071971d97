// The engine's outside world for the app and the CLI, in one place.
import type { CheckDeps } from './check';

export function engineDeps(overrides: Partial<CheckDeps> = {}): CheckDeps {
  return { ...overrides };
}
