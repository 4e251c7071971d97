#!/usr/bin/env node
// Launcher. Runs the prebuilt bundle (dist/cli.mjs, made by `npm run prepare`, which npm ci and
// npm install run) when every source file it was built from is unchanged, so a start does not
// compile TypeScript. Otherwise (no bundle, an edited source, an installed package without dist/)
// it loads the TypeScript CLI through tsx: the very same files. tsconfig: false keeps whatever
// tsconfig.json sits in the caller's working directory out of it (cli/ and lib/ use relative
// imports only).
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { freshBundle } from './fresh-bundle.mjs';

// undici parses HTTP/1 with a WebAssembly build of llhttp. V8 compiles it quickly (Liftoff), then
// recompiles the hot parts optimised on background threads, and at exit Node waits for those jobs
// to finish: 0.1-0.6 s after the report was printed, on this project's 2-core machine
// (docs/benchmarks.md, CLI start-up, round four). A CLI process parses a few dozen small responses,
// so the baseline code is enough. Only this process: the web app's check worker does not set it.
setFlagsFromString('--liftoff-only');
// Node 22.1 and later can keep V8's compiled code of the modules it loads (in the system's temporary
// folder), which spares the next start most of compiling the bundle; Node 20 has no such API.
module.enableCompileCache?.();

try {
  const bundle = freshBundle('cli.mjs');
  const { run } = bundle
    ? await import(bundle.href)
    : await (await import('tsx/esm/api')).tsImport('../cli/main.ts', { parentURL: import.meta.url, tsconfig: false });
  process.exitCode = await run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`mcp-health: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 70;
}
