// The layering rules in eslint.config.mjs are what keeps the engine reusable by every door; this
// proves they fire (a rule that silently stopped matching would let the next import through).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering', () => {
  it.each([
    ['lib/check-x.ts', "import { cookies } from 'next/headers';\nexport const x = cookies;\n"],
    ['lib/mcp/x.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['lib/x.ts', "import { saveReport } from '@/db/store';\nexport const x = saveReport;\n"],
    ['lib/x.ts', "import { checkAction } from '@/app/actions';\nexport const x = checkAction;\n"],
    ['lib/net/x.ts', "import type { Report } from '../report/schema';\nexport type X = Report;\n"],
    ['lib/net/x.ts', "import { finding } from '../mcp/findings';\nexport const x = finding;\n"],
    // The report contract depends on nothing in the engine.
    ['lib/report/x.ts', "import { rejectionOf } from '../auth/rejection';\nexport const x = rejectionOf;\n"],
    ['lib/report/x.ts', "import { finding } from '../mcp/findings';\nexport const x = finding;\n"],
    ['lib/report/x.ts', "import type { Outbound } from '@/lib/net/types';\nexport type X = Outbound;\n"],
    ['lib/report/x.ts', "import { headerValue } from '../net/headers';\nexport const x = headerValue;\n"],
    // The header registry imports nothing, so both of those may read it.
    ['lib/header-registry.ts', "import type { HeaderList } from './net/types';\nexport type X = HeaderList;\n"],
    ['lib/header-registry.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['lib/header-registry.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['db/x.ts', "import { checkAction } from '@/app/actions';\nexport const x = checkAction;\n"],
    // Only the CLI starts processes: a stdio server is never started by the engine or the web app.
    ['lib/mcp/x.ts', "import { spawn } from 'node:child_process';\nexport const x = spawn;\n"],
    ['app/api/x/route.ts', "import { spawn } from 'child_process';\nexport const x = spawn;\n"],
  ])('%s may not import that', async (file, source) => {
    expect(await restricted(file, source)).not.toEqual([]);
  }, 30_000);

  it('allows the imports the layers are meant to use', async () => {
    expect(await restricted('lib/mcp/x.ts', "import { z } from 'zod';\nimport type { Outbound } from '../net/types';\nexport const x = z;\nexport type X = Outbound;\n")).toEqual([]);
    expect(await restricted('lib/report/x.ts', "import { z } from 'zod';\nimport { Finding } from './finding';\nexport const x = z;\nexport const y = Finding;\n")).toEqual([]);
    expect(await restricted('lib/report/x.ts', "import { MASK } from '../header-registry';\nexport const x = MASK;\n")).toEqual([]);
    expect(await restricted('lib/net/x.ts', "import { crossesOrigins } from '../header-registry';\nexport const x = crossesOrigins;\n")).toEqual([]);
    expect(await restricted('app/x.ts', "import { runCheck } from '@/lib/check';\nexport const x = runCheck;\n")).toEqual([]);
  }, 30_000);
});
