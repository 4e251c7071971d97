// `mcp-health check --stdio -- <command>`: real stdio servers from npm (the official SDK's v1 and v2
// stdio entries, server-everything) and three misbehaving fixtures, each run through the CLI as a
// person runs it, with the verdict, the exit code, and no process of the server's group left behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Report } from '@/lib/report/schema';
import { checkHandler } from '@/app/api/check/handler';
import { guardConfig } from '@/lib/guard/config';
import { createGuard } from '@/lib/guard/guard';
import { MemoryRateLimitStore } from '@/lib/ratelimit';
import { buildOpenApi } from '@/lib/openapi';
import { groupAlive } from '../peers';
import { componentValidator } from '../openapi-validator';
import { repoRoot, runBin } from './run-bin';

const SERVERS = 'e2e/peers/servers';
const FIXTURES = 'e2e/fixtures/stdio';

async function checkStdio(command: string[], options: string[] = []) {
  const run = await runBin('mcp-health.mjs', ['check', '--stdio', '--json', ...options, '--', ...command], {}, 90_000);
  const report = Report.parse(JSON.parse(run.stdout));
  // The CLI has returned: the server's process group must be gone (zombies waiting for init aside).
  expect(report.stdio?.pid, 'the server was started').toBeTypeOf('number');
  expect(groupAlive(report.stdio!.pid!), `process group ${report.stdio!.pid} still running`).toBe(false);
  return { ...run, report };
}

describe('check --stdio against real stdio servers', () => {
  it('SDK v1 StdioServerTransport: legacy, initialize after the discover probe, GOOD', async () => {
    const { code, report } = await checkStdio(['node', `${SERVERS}/sdk1-stdio.mjs`]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ verdict: 'healthy', era: 'legacy', protocolVersion: '2025-11-25', transport: 'stdio', url: `stdio:node ${SERVERS}/sdk1-stdio.mjs` });
    expect(report.tools.map((t) => t.name)).toEqual(['get_forecast', 'add_numbers', 'delete_note']);
    // Each message is a step with the exact line written to stdin and the lines read back.
    const discover = report.steps.find((s) => s.id === 'server/discover')!;
    expect(discover).toMatchObject({ status: 'info', request: { method: 'stdin' } });
    expect(JSON.parse(discover.request!.body!)).toMatchObject({ method: 'server/discover', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } });
    expect(JSON.parse(discover.response!.body)).toMatchObject({ error: { code: -32601 } });
    const init = report.steps.find((s) => s.id === 'initialize')!;
    expect(JSON.parse(init.response!.body)).toMatchObject({ id: 1, result: { protocolVersion: '2025-11-25' } });
    expect(init.response!.status).toBeUndefined();
    expect(report.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['notifications/initialized', 'ping', 'tools/list']));
    // No session, no DELETE, no HTTP-only finding; the HTTP transport's rules are not applicable.
    expect(report.session).toBeUndefined();
    expect(report.findings.filter((f) => f.id === 'T9')).toEqual([]);
    const rows = new Map(report.conformance!.requirements.map((r) => [r.id, r.status]));
    expect(rows.get('transport/notification-202')).toBe('not-applicable');
    expect(rows.get('transport/stdio-stdout-messages-only')).toBe('met');
    expect(report.stdio).toMatchObject({ command: 'node', ended: 'exited', stderr: expect.stringContaining('peer-sdk1-stdio: ready') });
    expect(validateReport(report)).toEqual([]);
  }, 90_000);

  it('SDK v2 serveStdio (both eras): modern server/discover, GOOD', async () => {
    const { code, report } = await checkStdio(['node', 'sdk2-stdio.mjs', '--legacy=serve'], ['--cwd', SERVERS]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ verdict: 'healthy', era: 'modern', protocolVersion: '2026-07-28', serverInfo: { name: 'peer-sdk2-stdio-serve' }, stdio: { cwd: SERVERS } });
    expect(report.steps.map((s) => s.id)).toEqual(['server/discover', 'tools/list (modern)', 'initialize (legacy clients)']);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    // A stdio connection keeps its first era: 2025 clients were asked of a second process, which answered.
    expect(report.compat?.find((c) => c.client === 'Clients offering 2025-11-25')?.status).toBe('yes');
    expect(report.supportedVersions).toEqual(['2026-07-28', '2025-11-25']);
  }, 90_000);

  it('SDK v2 serveStdio, modern only: GOOD in the modern era', async () => {
    const { code, report } = await checkStdio(['node', `${SERVERS}/sdk2-stdio.mjs`, '--legacy=reject']);
    expect(code).toBe(0);
    expect(report).toMatchObject({ verdict: 'healthy', era: 'modern', supportedVersions: ['2026-07-28'] });
    expect(report.steps.find((s) => s.id === 'initialize (legacy clients)')).toMatchObject({ status: 'info', group: 'probe' });
    expect(report.compat?.find((c) => c.client === 'Clients offering 2025-11-25')?.status).toBe('no');
  }, 90_000);

  it('server-everything in stdio mode: legacy, 13 tools, resources and prompts', async () => {
    const { code, report } = await checkStdio(['npx', '--no', '--', 'mcp-server-everything', 'stdio'], ['--startup-timeout', '30']);
    expect(code).toBe(0);
    expect(report).toMatchObject({ verdict: 'healthy', era: 'legacy', serverInfo: { name: 'mcp-servers/everything' } });
    expect(report.tools).toHaveLength(13);
    expect(report.resources?.length).toBeGreaterThan(0);
    expect(report.prompts?.length).toBeGreaterThan(0);
  }, 90_000);
});

describe('check --stdio against servers that fail', () => {
  it('a server that crashes on start: DOWN, exit 3, its stderr in the report with the --env value masked', async () => {
    const key = 'sk-test-9f3b2c7d1e8a4b6c';
    const { code, report, stdout } = await checkStdio(['node', `${FIXTURES}/crash.mjs`], ['--env', `API_KEY=${key}`]);
    expect(code).toBe(3);
    expect(report.verdict).toBe('unreachable');
    expect(report.steps[0]!.error?.code).toBe('EXITED');
    expect(report.stdio).toMatchObject({ ended: 'crashed', exitCode: 1, env: ['API_KEY'], stderr: expect.stringContaining('was rejected') });
    expect(report.findings.map((f) => f.id)).toContain('T25');
    expect(stdout).not.toContain(key);
  }, 90_000);

  it('a server that writes text to stdout: a clear finding and DOWN, not a crash', async () => {
    const { code, report } = await checkStdio(['node', `${FIXTURES}/garbage.mjs`], ['--startup-timeout', '2', '--timeout', '6']);
    expect(code).toBe(3);
    expect(report.verdict).toBe('unreachable');
    const t24 = report.findings.find((f) => f.id === 'T24');
    expect(t24?.message).toMatch(/not JSON/);
    expect(report.summary).toMatch(/not JSON .*where only JSON-RPC messages may go/);
  }, 90_000);

  it('a server that never answers (and ignores SIGTERM, with a child of its own): DOWN, the whole group killed', async () => {
    const { code, report } = await checkStdio(['node', `${FIXTURES}/silent.mjs`], ['--startup-timeout', '2', '--timeout', '6']);
    expect(code).toBe(3);
    expect(report.verdict).toBe('unreachable');
    expect(report.steps.find((s) => s.id === 'initialize')?.error?.code).toBe('TIMEOUT');
    expect(report.stdio?.ended).toBe('killed');
  }, 90_000);

  it('a command that does not exist: DOWN with the reason', async () => {
    const run = await runBin('mcp-health.mjs', ['check', '--stdio', '--json', '--', 'mcp-health-no-such-server']);
    expect(run.code).toBe(3);
    const report = Report.parse(JSON.parse(run.stdout));
    expect(report.stdio?.ended).toBe('not-started');
    expect(report.summary).toMatch(/could not be started.*ENOENT/);
  }, 30_000);

  it('Ctrl-C during a check ends the server group too', async () => {
    const marker = `--marker=${process.pid}-${Date.now()}`;
    const cli = spawn(process.execPath, ['bin/mcp-health.mjs', 'check', '--stdio', '--startup-timeout', '30', '--', 'node', `${FIXTURES}/silent.mjs`, marker], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => cli.once('exit', (c) => r(c)));
    let pgid: number | undefined;
    for (let i = 0; i < 200 && pgid === undefined; i++) {
      pgid = processGroupOf(marker);
      if (pgid === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(pgid, 'the server started').toBeTypeOf('number');
    cli.kill('SIGINT');
    expect(await exited).toBe(130);
    for (let i = 0; i < 50 && groupAlive(pgid!); i++) await new Promise((r) => setTimeout(r, 20));
    expect(groupAlive(pgid!)).toBe(false);
  }, 30_000);
});

describe('stdio stays a CLI door', () => {
  it('POST /api/check refuses a stdio target', async () => {
    const handler = checkHandler({
      guard: () => createGuard(guardConfig({ ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT: 'off' }), { store: new MemoryRateLimitStore() }),
      share: async () => ({ ok: true, path: '/r/AAAAAAAAAAAAAAAAAAAAA' }),
    });
    const res = await handler(new Request('http://app.test/api/check', { method: 'POST', body: JSON.stringify({ url: `stdio:node ${FIXTURES}/crash.mjs` }), headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/only be checked from the command line/);
  });

  it('the output formats work the same: markdown, JUnit and SARIF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-health-stdio-'));
    const run = await runBin('mcp-health.mjs', ['check', '--stdio', '--format', 'markdown', '--junit', join(dir, 'r.xml'), '--sarif', join(dir, 'r.sarif'), '--', 'node', `${FIXTURES}/crash.mjs`]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/DOWN.*stdio:node/);
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/<failure[^>]*>[\s\S]*T25|T25[\s\S]*<failure/);
    const sarif = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('T25');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

const validate = componentValidator(buildOpenApi());
function validateReport(r: unknown) {
  return validate('Report', JSON.parse(JSON.stringify(r))).errors;
}

/** The process group of the silent fixture started with `marker` (Linux /proc). */
function processGroupOf(marker: string): number | undefined {
  for (const e of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // The server's own command line (the CLI's carries the marker too, after its own bin).
      const cmdline = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (!cmdline.includes(`silent.mjs\0${marker}`) || cmdline.includes('mcp-health.mjs')) continue;
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    } catch {
      // gone while we looked
    }
  }
  return undefined;
}
