import next from 'eslint-config-next';
import nextTs from 'eslint-config-next/typescript';

// Layering (docs/architecture.md): the engine under lib/ is plain TypeScript that every door
// reuses, so it may not reach up into a framework, the pages or the database; lib/net is the
// bottom layer and knows nothing of MCP or of the report; lib/report is the report contract, which
// the engine writes and every door reads, so it depends on nothing in the engine; db/ serves the
// app, never the reverse. lib/header-registry.ts, the header names every layer treats specially,
// imports nothing, so lib/net and lib/report may both read it.
// Only the CLI starts processes (`mcp-health check --stdio`): the engine and the web app never do.
const noProcesses = { group: ['node:child_process', 'child_process'], message: 'Only the CLI (cli/) starts processes; lib/ and app/ never do (a stdio server is checked from the command line only).' };
const framework = [
  { group: ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'server-only'], message: 'lib/ is framework-free: every door (page, API, CLI) reuses it.' },
  { group: ['@/app', '@/app/*', '**/app/*'], message: 'lib/ may not import from app/ (the doors depend on the engine, not the reverse).' },
  { group: ['@/db', '@/db/*', '**/db/*'], message: 'lib/ may not import from db/: storage comes in through deps.' },
  noProcesses,
];
const layering = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // The few internal links are plain <a> on purpose: next/link costs 6 KB of gzipped JS on every
      // page for client-side navigation between two pages (docs/benchmarks.md, part 4).
      '@next/next/no-html-link-for-pages': 'off',
    },
  },
  { files: ['lib/**/*.ts'], ignores: ['lib/**/*.test.ts'], rules: layering(framework) },
  {
    files: ['lib/net/**/*.ts'],
    ignores: ['lib/net/**/*.test.ts'],
    rules: layering([
      ...framework,
      { group: ['../mcp', '../mcp/*', '@/lib/mcp', '@/lib/mcp/*', '../report', '../report/*', '@/lib/report', '@/lib/report/*', '../auth', '../auth/*', '../check'], message: 'lib/net is the bottom layer: it owns its types and knows nothing of MCP or the report.' },
    ]),
  },
  {
    files: ['lib/report/**/*.ts'],
    ignores: ['lib/report/**/*.test.ts'],
    rules: layering([
      ...framework,
      {
        group: ['../*', '!../header-registry', '@/lib/*', '@/cli/*', '**/cli/*'],
        message: 'lib/report is the report contract: the engine (lib/mcp, lib/auth, lib/signin, lib/net, lib/check, …) depends on it, never the reverse. Within lib/report, import ./ siblings.',
      },
    ]),
  },
  {
    files: ['lib/header-registry.ts'],
    rules: layering([{ group: ['*', '**/*', '@/*'], message: 'lib/header-registry.ts imports nothing: lib/net (the bottom layer) and lib/report (the contract) both read it.' }]),
  },
  { files: ['app/**/*.ts', 'app/**/*.tsx'], ignores: ['app/**/*.test.ts'], rules: layering([noProcesses]) },
  {
    files: ['db/**/*.ts'],
    ignores: ['db/**/*.test.ts'],
    rules: layering([{ group: ['@/app', '@/app/*', '**/app/*', 'next', 'next/*', 'react', 'react/*'], message: 'db/ serves the doors; it may not import them or a framework.' }]),
  },
];
export default config;
