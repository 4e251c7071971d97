import type { NextConfig } from 'next';
import { API_CSP, COMMON_SECURITY_HEADERS } from './lib/web/security-headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The engine runs only on the server; libsql ships a native module that must not be bundled.
  serverExternalPackages: ['@libsql/client', 'libsql'],
  async headers() {
    return [
      { source: '/:path*', headers: COMMON_SECURITY_HEADERS },
      // Pages get a nonce-based CSP from proxy.ts; everything under /api is data, never a document.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

export default nextConfig;
