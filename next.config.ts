import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { NextConfig } from 'next';
import { API_CSP, COMMON_SECURITY_HEADERS } from './lib/web/security-headers';

/**
 * Git worktrees of this repo can share one node_modules through a symlink. Turbopack compiles
 * nothing outside its root unless the link's target is declared a root too; a normal checkout
 * (a real node_modules directory) gets no extra root.
 */
function linkedNodeModules(): Record<string, { path: string }> | undefined {
  try {
    const link = path.join(process.cwd(), 'node_modules');
    if (!lstatSync(link).isSymbolicLink()) return undefined;
    // The directory holding the target node_modules, so packages in it resolve one another.
    return { linkedNodeModules: { path: path.dirname(realpathSync(link)) } };
  } catch {
    return undefined;
  }
}

const additionalRoots = linkedNodeModules();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The engine runs only on the server; libsql ships a native module that must not be bundled.
  serverExternalPackages: ['@libsql/client', 'libsql'],
  // The check workers (app/check-pool.ts) start from bin/check-worker.mjs, outside Next's bundles:
  // it loads the prebuilt dist/check-worker.mjs while that matches its sources, else lib/ through
  // tsx. Traced for every route so a standalone output carries them.
  outputFileTracingIncludes: { '/**': ['./bin/check-worker.mjs', './bin/fresh-bundle.mjs', './dist/**/*', './lib/**/*.ts', './node_modules/tsx/**/*'] },
  async headers() {
    return [
      { source: '/:path*', headers: COMMON_SECURITY_HEADERS },
      // Pages get a nonce-based CSP from proxy.ts; everything under /api is data, never a document.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
      // The MCP Apps sandbox is framed by this app's own pages (its CSP comes from the route).
      { source: '/sandbox', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
    ];
  },
  experimental: {
    serverActions: {
      // Share posts back the whole signed report the check returned (bodies up to the engine's
      // 64 KB cap per step, SSE frames, tool schemas); 1 MB, the default, is too tight for some.
      bodySizeLimit: '8mb',
    },
    ...(additionalRoots ? { turbopackAdditionalRoots: additionalRoots } : {}),
  },
};

export default nextConfig;
