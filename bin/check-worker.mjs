// The check worker's entry (lib/pool/pool.ts starts it as a worker thread): the prebuilt bundle
// dist/check-worker.mjs while it matches its sources (bin/fresh-bundle.mjs), else
// lib/pool/worker.ts through tsx, as the CLI's launcher does.
import { freshBundle } from './fresh-bundle.mjs';

const bundle = freshBundle('check-worker.mjs');
if (bundle) await import(bundle.href);
else await (await import('tsx/esm/api')).tsImport('../lib/pool/worker.ts', { parentURL: import.meta.url, tsconfig: false });
