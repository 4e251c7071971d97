// bin/mcp-health.mjs runs the prebuilt bundle only while the sources it was built from are
// unchanged (bin/fresh-bundle.mjs against dist/cli.json), else the TypeScript through tsx. Run on a
// copy of the package with a bundle built there (so a checkout whose own dist/ is stale still tests
// this), whose help text is marked so the output says which of the two ran.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-bin';

const LINE = 'Checks one remote MCP server (Streamable HTTP, both protocol eras) and prints the report.';
let copy: string;

const help = () => {
  const r = spawnSync(process.execPath, [join(copy, 'bin/mcp-health.mjs'), '--help'], { cwd: copy, encoding: 'utf8', env: { ...process.env, MCP_HEALTH_NO_BUNDLE: '' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

describe('the launcher and its bundle', () => {
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'mcp-health-bundle-'));
    for (const dir of ['bin', 'cli', 'lib', 'scripts']) cpSync(join(repoRoot, dir), join(copy, dir), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const built = spawnSync(process.execPath, [join(copy, 'scripts/build-cli.mjs')], { cwd: copy, encoding: 'utf8' });
    if (built.status !== 0 || !existsSync(join(copy, 'dist/cli.json'))) throw new Error(`build-cli failed in the copy: ${built.stderr}`);
    // Mark the bundle (its content is not part of the freshness check): its help text says BUNDLE.
    const chunks = join(copy, 'dist/chunks');
    const chunk = readdirSync(chunks).map((f) => join(chunks, f)).find((f) => readFileSync(f, 'utf8').includes(LINE));
    if (!chunk) throw new Error('no chunk of the bundle holds the help text');
    writeFileSync(chunk, readFileSync(chunk, 'utf8').replace(LINE, 'BUNDLE'));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('uses the bundle when every source has a new time stamp but the same content', () => {
    // As after a fresh checkout or a copy. Only the copy's own files: node_modules is the repo's.
    const later = new Date(Date.now() + 60_000);
    for (const dir of ['cli', 'lib']) for (const f of readdirSync(join(copy, dir), { recursive: true, encoding: 'utf8' })) utimesSync(join(copy, dir, f), later, later);
    expect(help()).toContain('BUNDLE');
  });

  it('runs the edited source through tsx once a source changes, even at the same size', () => {
    const file = join(copy, 'cli/args.ts');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(LINE, LINE.replace('Checks one', 'CHECKS ONE')));
    const out = help();
    expect(out).not.toContain('BUNDLE');
    expect(out).toContain('CHECKS ONE remote MCP server');
  });
});
