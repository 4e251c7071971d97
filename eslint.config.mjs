import next from 'eslint-config-next';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // The few internal links are plain <a> on purpose: next/link costs 6 KB of gzipped JS on every
      // page for client-side navigation between two pages (docs/benchmarks.md, part 4).
      '@next/next/no-html-link-for-pages': 'off',
    },
  },
];
export default config;
