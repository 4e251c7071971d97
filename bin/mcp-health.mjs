#!/usr/bin/env node
// Launcher. Runs the prebuilt bundle (dist/cli.mjs, made by `npm run prepare`, which npm ci and
// npm install run) when every source file it was built from is unchanged, so a start does not
// compile TypeScript. Otherwise (no bundle, an edited source, an installed package without dist/)
// it loads the TypeScript CLI through tsx: the very same files. tsconfig: false keeps whatever
// tsconfig.json sits in the caller's working directory out of it (cli/ and lib/ use relative
// imports only).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** The bundle's URL if it matches the sources it lists, else undefined. */
function freshBundle() {
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
    const bundle = new URL('dist/cli.mjs', root);
    statSync(bundle);
    return bundle;
  } catch {
    return undefined;
  }
}

try {
  const bundle = freshBundle();
  const { run } = bundle
    ? await import(bundle.href)
    : await (await import('tsx/esm/api')).tsImport('../cli/main.ts', { parentURL: import.meta.url, tsconfig: false });
  process.exitCode = await run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`mcp-health: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 70;
}
