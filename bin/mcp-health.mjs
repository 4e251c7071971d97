#!/usr/bin/env node
// Thin launcher: loads the TypeScript CLI through tsx, so a checkout runs it with no build step and
// the installed package runs the very same files. tsconfig: false keeps whatever tsconfig.json sits
// in the caller's working directory out of it (cli/ and lib/ use relative imports only).
import { tsImport } from 'tsx/esm/api';

try {
  const { run } = await tsImport('../cli/main.ts', { parentURL: import.meta.url, tsconfig: false });
  process.exitCode = await run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`mcp-health: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 70;
}
