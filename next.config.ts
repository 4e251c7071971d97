import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The engine runs only on the server; libsql ships a native module that must not be bundled.
  serverExternalPackages: ['@libsql/client', 'libsql'],
};

export default nextConfig;
