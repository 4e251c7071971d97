import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        // `server-only` throws outside React's server build; app modules under test are server code.
        resolve: { alias: { '@': root, 'server-only': `${root}node_modules/server-only/empty.js` } },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'app/**/*.test.ts', 'cli/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias: { '@': root } },
        test: {
          name: 'integration',
          include: ['e2e/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
