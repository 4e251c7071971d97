// Engine deps for tests: the peers live on 127.0.0.1, which the default policy refuses.
import type { CheckDeps } from '@/lib/check';
import { engineDeps } from '@/lib/deps';

export function testDeps(overrides: Partial<CheckDeps> = {}): CheckDeps {
  return engineDeps({ allowPrivate: true, ...overrides });
}
