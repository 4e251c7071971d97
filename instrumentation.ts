// Runs once when the server starts (node_modules/next/dist/docs/01-app/03-api-reference/03-file-conventions/instrumentation.md).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installPeerStamp } = await import('./lib/web/peer-stamp');
    installPeerStamp();
  }
}
