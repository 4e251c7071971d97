// The doors beside the CLI's plain check: Markdown and SARIF output, many servers at once (--from),
// the GitHub Action's script run as GitHub runs it, and the checker as an MCP server over stdio
// driven by the official SDK clients (v1 and v2). Real peers and fixtures on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv4 from 'ajv-draft-04';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '@/lib/report/schema';
import { refusedPortUrl, startFixture, type Fixture } from '../fixtures';
import { startPeer, type Peer } from '../peers';
import { repoRoot, runBin } from './run-bin';

const require = createRequire(import.meta.url);

/**
 * A small legacy JSON server that answers every request after a pause and records, per path, when
 * its first request arrived and its last answer left: with one path per listed server, overlapping
 * intervals are checks running at the same time.
 */
function slowServer(delayMs: number): { server: http.Server; spans: Map<string, { start: number; end: number }> } {
  const spans = new Map<string, { start: number; end: number }>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const span = spans.get(path) ?? { start: Date.now(), end: 0 };
    spans.set(path, span);
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      setTimeout(() => {
        span.end = Date.now();
        if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
        let m: { id?: number | string; method?: string } = {};
        try {
          m = JSON.parse(body) as typeof m;
        } catch {
          return void res.writeHead(400).end();
        }
        if (m.id === undefined) return void res.writeHead(202).end();
        const result =
          m.method === 'initialize'
            ? { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'slow', version: '1.0.0' } }
            : m.method === 'tools/list'
              ? { tools: [{ name: 'wait', description: 'Waits.', inputSchema: { type: 'object' } }] }
              : m.method === 'ping'
                ? {}
                : undefined;
        const reply = result ? { jsonrpc: '2.0', id: m.id, result } : { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      }, delayMs);
    });
  });
  return { server, spans };
}

function maxOverlap(spans: Array<{ start: number; end: number }>): number {
  const events = spans.flatMap((s) => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 },
  ]);
  // An end at the same instant as a start frees the slot first.
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.d));
  return max;
}

describe('doors into the engine', () => {
  let healthy: Peer;
  let modern: Peer;
  let zeroTools: Fixture;
  let wrongId: Fixture;
  let pingUnsupported: Fixture;
  let refused: string;
  let slow: ReturnType<typeof slowServer>;
  let slowBase: string;
  let tmp: string;

  beforeAll(async () => {
    [healthy, modern, zeroTools, wrongId, pingUnsupported, refused] = await Promise.all([
      startPeer('sdk1-json'),
      startPeer('sdk2-modern'),
      startFixture('zero-tools'),
      startFixture('wrong-id'),
      startFixture('ping-unsupported'),
      refusedPortUrl(),
    ]);
    slow = slowServer(120);
    await new Promise<void>((r) => slow.server.listen(0, '127.0.0.1', r));
    slowBase = `http://127.0.0.1:${(slow.server.address() as AddressInfo).port}`;
    tmp = await mkdtemp(join(tmpdir(), 'mcp-health-doors-'));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([healthy?.stop(), modern?.stop(), zeroTools?.stop(), wrongId?.stop(), pingUnsupported?.stop()]);
    slow?.server.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('prints a Markdown summary and writes a SARIF 2.1.0 log that validates against the SARIF schema', async () => {
    const sarifFile = join(tmp, 'out', 'wrong-id.sarif');
    const r = await runBin('mcp-health.mjs', ['check', wrongId.url, '--format', 'markdown', '--sarif', sarifFile]);
    const report = Report.parse(JSON.parse((await runBin('mcp-health.mjs', ['check', wrongId.url, '--json'])).stdout));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^## (🟢|🟡|🟣|🔴) (GOOD|WARN|AUTH|DOWN): /);
    expect(r.stdout).toContain('| Step | Status | Latency | Notes |');
    for (const f of report.findings) expect(r.stdout).toContain(`**${f.id}**`);

    const sarif = JSON.parse(await readFile(sarifFile, 'utf8')) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } }; results: Array<{ ruleId: string; level: string }> }> };
    // The official SARIF 2.1.0 (rtm.5) JSON schema, as shipped in Microsoft's jest-sarif package.
    const schema = JSON.parse(await readFile(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const validate = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0];
    // One result per finding, and one per failed requirement of the conformance section (ids with a "/").
    expect(run?.results.filter((x) => !x.ruleId.includes('/')).map((x) => x.ruleId).sort()).toEqual(report.findings.map((f) => f.id).sort());
    expect(run?.results.filter((x) => x.ruleId.includes('/')).map((x) => x.ruleId).sort()).toEqual((report.conformance?.requirements ?? []).filter((q) => q.status === 'failed').map((q) => q.id).sort());
    const errorIds = report.findings.filter((f) => f.severity === 'error').map((f) => f.id);
    for (const res of run?.results ?? []) if (errorIds.includes(res.ruleId)) expect(res.level).toBe('error');
    for (const rule of run?.tool.driver.rules ?? []) expect(rule.helpUri ?? '').toBe(report.findings.find((f) => f.id === rule.id)?.specUrl ?? report.conformance?.requirements.find((q) => q.id === rule.id)?.specUrl ?? '');
  });

  it('the Markdown summary and the SARIF log carry the conformance table of a server that has one', async () => {
    const sarifFile = join(tmp, 'out', 'healthy.sarif');
    const r = await runBin('mcp-health.mjs', ['check', healthy.url, '--format', 'markdown', '--sarif', sarifFile]);
    const report = Report.parse(JSON.parse((await runBin('mcp-health.mjs', ['check', healthy.url, '--json'])).stdout));
    const requirements = report.conformance!.requirements;
    expect(requirements.length).toBeGreaterThan(10);
    expect(r.stdout).toContain(`### Conformance to ${report.conformance!.revision}`);
    // One row per requirement, by its stable id, linked to its spec section, with its level and result.
    const label = { met: 'Pass', failed: 'Fail', 'not-applicable': 'Not applicable', 'not-testable': 'Not testable from outside', 'not-tested': 'Not tested' } as const;
    for (const q of requirements) expect(r.stdout).toContain(`| [${q.id}](${q.specUrl}) | ${q.level} | ${q.status === 'met' ? '✅ ' : q.status === 'failed' ? '❌ ' : ''}${label[q.status]} |`);
    const sarif = JSON.parse(await readFile(sarifFile, 'utf8')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string; properties: { status?: string } }> } }; results: Array<{ ruleId: string }>; properties: { conformance?: { revision: string } } }> };
    const run = sarif.runs[0]!;
    for (const q of requirements) expect(run.tool.driver.rules.find((x) => x.id === q.id)).toMatchObject({ helpUri: q.specUrl, properties: { status: q.status } });
    expect(run.results.filter((x) => x.ruleId.includes('/')).map((x) => x.ruleId)).toEqual(requirements.filter((q) => q.status === 'failed').map((q) => q.id));
    expect(run.properties.conformance?.revision).toBe(report.conformance!.revision);
  });

  it('Markdown never lets a server inject links, HTML or table cells', async () => {
    const { toMarkdown } = await import('@/cli/markdown');
    const report = Report.parse(JSON.parse((await runBin('mcp-health.mjs', ['check', healthy.url, '--json'])).stdout));
    const hostile = {
      ...report,
      steps: report.steps.map((s, i) => (i === 0 ? { ...s, notes: 'x | y <img src=x onerror=alert(1)> [click](https://evil.invalid) ![i](https://evil.invalid/i.png)' } : s)),
    };
    const md = toMarkdown(hostile, { code: 0, reason: '' });
    const row = md.split('\n').find((l) => l.includes('onerror')) ?? '';
    expect(row).not.toContain('<img');
    expect(row).not.toMatch(/[^\\]\[click\]\(/);
    // Four cells: a pipe from the server is escaped, so it cannot open a fifth.
    expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });

  it('--from checks ten servers with bounded concurrency, prints one line each and exits with the worst code', async () => {
    const slowUrls = ['/a', '/b', '/c', '/d'].map((p) => `${slowBase}${p}`);
    const list = [
      '# servers for the registry',
      ...slowUrls,
      healthy.url,
      modern.url,
      zeroTools.url,
      refused,
      '',
      `${slowBase}/e`,
      'not a url',
    ];
    const file = join(tmp, 'servers.txt');
    await writeFile(file, list.join('\n'));
    const text = await runBin('mcp-health.mjs', ['check', '--from', file, '--concurrency', '3'], {}, 120_000);
    expect(text.code).toBe(3);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^VERDICT\s+ERA\s+TOOLS\s+LATENCY\s+URL\s+WORST FINDING$/);
    const rowFor = (url: string) => lines.find((l) => l.includes(url)) ?? '';
    expect(rowFor(healthy.url)).toMatch(/^GOOD\s+legacy\s+3\s/);
    expect(rowFor(modern.url)).toMatch(/^GOOD\s+modern\s/);
    expect(rowFor(zeroTools.url)).toMatch(/^WARN\s/);
    expect(rowFor(refused)).toMatch(/^DOWN\s/);
    expect(rowFor('not a url')).toMatch(/^INVALID\s/);
    for (const u of slowUrls) expect(rowFor(u)).toMatch(/^GOOD\s/);
    expect(text.stdout).toMatch(/10 servers: /);

    // The first three slow servers start together; the fourth waits for a free slot.
    const spans = ['/a', '/b', '/c', '/d', '/e'].map((p) => slow.spans.get(p)).filter((s) => s !== undefined);
    expect(spans).toHaveLength(5);
    expect(maxOverlap(spans)).toBeLessThanOrEqual(3);
    expect(maxOverlap(spans.slice(0, 3))).toBe(3);

    const json = await runBin('mcp-health.mjs', ['check', '--from', file, '--json', '--concurrency', '8'], {}, 120_000);
    const rows = JSON.parse(json.stdout) as unknown[];
    expect(rows).toHaveLength(10);
    const reports = rows.filter((r) => Report.safeParse(r).success).map((r) => Report.parse(r));
    expect(reports).toHaveLength(9);
    expect(reports.find((r) => r.url === healthy.url)?.verdict).toBe('healthy');
    expect(rows).toContainEqual(expect.objectContaining({ url: 'not a url', error: expect.stringContaining('not a valid URL') }));
  }, 180_000);

  it('--from reads MCP registry metadata and refuses --header (it would go to every server)', async () => {
    const file = join(tmp, 'registry.json');
    await writeFile(
      file,
      JSON.stringify({
        servers: [
          { server: { name: 'io.github.example/weather', remotes: [{ type: 'streamable-http', url: healthy.url }] } },
          { server: { name: 'io.github.example/local-only', packages: [{ registryType: 'npm', identifier: 'x' }] } },
        ],
      }),
    );
    const r = await runBin('mcp-health.mjs', ['check', '--from', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(healthy.url);
    expect(r.stdout).toMatch(/1 server: 1 GOOD/);
    const h = await runBin('mcp-health.mjs', ['check', '--from', file, '-H', 'Authorization: Bearer sekrit']);
    expect(h.code).toBe(64);
    expect(h.stderr).toContain('--header cannot be used with --from');
  });

  it('--from with --fail-on must: a healthy server that breaks a MUST exits 5 and its row names the requirement; without it the run passes', async () => {
    const file = join(tmp, 'fail-on.txt');
    await writeFile(file, [healthy.url, pingUnsupported.url].join('\n'));
    const lax = await runBin('mcp-health.mjs', ['check', '--from', file], {}, 120_000);
    expect(lax.code, lax.stdout).toBe(0);
    const r = await runBin('mcp-health.mjs', ['check', '--from', file, '--fail-on', 'must'], {}, 120_000);
    expect(r.code, r.stdout).toBe(5);
    const rowFor = (url: string) => r.stdout.split('\n').find((l) => l.includes(url)) ?? '';
    // ping answered "method not found": lifecycle/ping, a MUST, failed on a server that is otherwise GOOD.
    expect(rowFor(pingUnsupported.url)).toMatch(/^GOOD\s.*--fail-on must: \d+ requirements? failed \(.*MUST lifecycle\/ping/);
    expect(rowFor(healthy.url)).not.toContain('--fail-on');
    const noProbes = await runBin('mcp-health.mjs', ['check', '--from', file, '--json', '--no-probes'], {}, 120_000);
    const reports = (JSON.parse(noProbes.stdout) as unknown[]).map((x) => Report.parse(x));
    expect(reports.map((x) => x.probes)).toEqual([false, false]);
    expect(reports.flatMap((x) => x.steps.filter((st) => st.group === 'probe'))).toEqual([]);
  }, 180_000);

  describe('the GitHub Action script, run as GitHub runs it', () => {
    async function runAction(inputs: Record<string, string>) {
      const dir = await mkdtemp(join(tmp, 'action-'));
      const env: Record<string, string> = { GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output'), RUNNER_TEMP: dir, GITHUB_ACTIONS: 'true' };
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      await writeFile(env.GITHUB_STEP_SUMMARY as string, '');
      await writeFile(env.GITHUB_OUTPUT as string, '');
      const r = await runBin('mcp-health-action.mjs', [], env);
      const outputs = Object.fromEntries(
        (await readFile(env.GITHUB_OUTPUT as string, 'utf8'))
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      return { ...r, outputs, summary: await readFile(env.GITHUB_STEP_SUMMARY as string, 'utf8') };
    }

    it('passes on a healthy server: summary, outputs and the report file', async () => {
      const r = await runAction({ url: healthy.url, headers: 'X-Team: blue\nAuthorization: Bearer action-secret-123', 'fail-on': 'warn' });
      expect(r.code).toBe(0);
      expect(r.outputs.verdict).toBe('healthy');
      expect(r.outputs.era).toBe('legacy');
      const report = Report.parse(JSON.parse(await readFile(r.outputs['report-path'] ?? '', 'utf8')));
      expect(report.tools).toHaveLength(3);
      expect(r.summary).toContain('GOOD');
      expect(r.summary).toContain('| initialize | ok |');
      // The secret from the headers input appears nowhere the action writes.
      for (const out of [r.stdout, r.stderr, r.summary]) expect(out).not.toContain('action-secret-123');
    });

    it('fails per fail-on: DOWN always, WARN only from "warn" up, error findings from "must" up', async () => {
      const down = await runAction({ url: refused });
      expect(down.code).toBe(3);
      expect(down.outputs.verdict).toBe('unreachable');
      expect(down.stdout).toMatch(/^::error title=mcp-health::verdict unreachable/m);
      expect(down.summary).toContain('DOWN');

      expect((await runAction({ url: zeroTools.url, 'fail-on': 'down' })).code).toBe(0);
      expect((await runAction({ url: zeroTools.url, 'fail-on': 'warn' })).code).toBe(1);

      // Healthy, but ping is answered with an error (L4, error level): only "must" and up fail.
      expect((await runAction({ url: pingUnsupported.url, 'fail-on': 'warn' })).code).toBe(0);
      const must = await runAction({ url: pingUnsupported.url, 'fail-on': 'must' });
      expect(must.code).toBe(4);
      expect(must.outputs.verdict).toBe('healthy');
      expect(must.stdout).toMatch(/^::error title=MCP L4::/m);

      const bad = await runAction({ url: 'ftp://example.com/mcp' });
      expect(bad.code).toBe(64);
      expect(bad.stdout).toContain('::error title=mcp-health::Only http:// and https:// URLs');
    }, 180_000);
  });

  describe('mcp-health mcp: the checker as an MCP server over stdio', () => {
    const serverParams = { command: process.execPath, args: [join(repoRoot, 'bin/mcp-health.mjs'), 'mcp'], cwd: repoRoot, stderr: 'pipe' as const };

    it('the official v1 client lists check_server and gets a real verdict from it', async () => {
      const client = new ClientV1({ name: 'doors-test-v1', version: '1.0.0' });
      const transport = new StdioV1(serverParams);
      await client.connect(transport);
      const pid = transport.pid;
      expect(pid).toBeTypeOf('number');
      try {
        const { tools } = await client.listTools();
        const check = tools.find((t) => t.name === 'check_server');
        expect(check?.annotations?.readOnlyHint).toBe(true);
        expect(check?.outputSchema?.type).toBe('object');
        const result = await client.callTool({ name: 'check_server', arguments: { url: healthy.url } });
        const report = Report.parse(result.structuredContent);
        expect(report.verdict).toBe('healthy');
        expect(report.tools.map((t) => t.name)).toContain('add_numbers');
        const text = (result.content as Array<{ type: string; text?: string }>)[0]?.text ?? '';
        expect(text).toMatch(/^GOOD /);

        const down = await client.callTool({ name: 'check_server', arguments: { url: refused } });
        expect(Report.parse(down.structuredContent).verdict).toBe('unreachable');
        const bad = await client.callTool({ name: 'check_server', arguments: { url: 'not a url' } });
        expect(bad.isError).toBe(true);
      } finally {
        await client.close();
      }
      // Closing stdin ends the server: no child left behind.
      await new Promise((r) => setTimeout(r, 1000));
      expect(() => process.kill(pid as number, 0)).toThrow();
    }, 60_000);

    it('the official v2 client (dual-era) talks to it too', async () => {
      const client = new ClientV2({ name: 'doors-test-v2', version: '1.0.0' });
      await client.connect(new StdioV2(serverParams));
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toContain('check_server');
        const result = await client.callTool({ name: 'check_server', arguments: { url: modern.url } });
        expect(Report.parse(result.structuredContent).era).toBe('modern');
      } finally {
        await client.close();
      }
    }, 60_000);
  });
});
