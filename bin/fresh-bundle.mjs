// Whether a prebuilt bundle in dist/ (scripts/build-cli.mjs) may be used: only while every source
// file it was built from is unchanged. Shared by the CLI's launcher (bin/mcp-health.mjs) and the
// check worker's (bin/check-worker.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** The URL of dist/<name> if the sources dist/cli.json lists are unchanged, else undefined. */
export function freshBundle(name) {
  if (process.env.MCP_HEALTH_NO_BUNDLE) return undefined;
  try {
    const { inputs } = JSON.parse(readFileSync(new URL('dist/cli.json', root), 'utf8'));
    for (const { file, size, mtimeMs, sha256 } of inputs) {
      const url = new URL(file, root);
      const st = statSync(url);
      if (st.size !== size) return undefined;
      // Same time stamp: unchanged. Another (a fresh checkout, a packed copy): compare the content.
      if (st.mtimeMs !== mtimeMs && createHash('sha256').update(readFileSync(url)).digest('hex') !== sha256) return undefined;
    }
    const bundle = new URL(`dist/${name}`, root);
    statSync(bundle);
    return bundle;
  } catch {
    return undefined;
  }
}
