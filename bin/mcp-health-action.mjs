#!/usr/bin/env node
// The GitHub Action's entry (see action.yml): the TypeScript script through tsx, like bin/mcp-health.mjs.
import { tsImport } from 'tsx/esm/api';

try {
  const { runAction } = await tsImport('../cli/action.ts', { parentURL: import.meta.url, tsconfig: false });
  process.exitCode = await runAction({ env: process.env, stdout: process.stdout });
} catch (err) {
  process.stdout.write(`::error title=mcp-health::internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 70;
}
