// The CLI as a person or a CI job runs it: the real bin in a child process, against real MCP
// servers, fixtures and two tiny node:http servers defined here. Everything runs on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '@/lib/check';
import { Report } from '@/lib/report/schema';
import type { Step } from '@/lib/report/schema';
import { startPeer, type Peer } from '../peers';
import { refusedPortUrl, startFixture, type Fixture } from '../fixtures';
import { startFlowFixture } from '../fixtures/auth';
import { startAuthStack } from '../peers/auth';
import { testDeps } from './deps';
import { runBin, type BinRun as Run } from './run-bin';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/mcp-health.mjs');

const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> => runBin('mcp-health.mjs', args, env);

/** A server that wants a token for everything (the CLI's exit 2). */
function unauthorized(): http.Server {
  return http.createServer((req, res) => {
    req.resume();
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="cli-test"', 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
  });
}

/** A server that refuses the token it is sent, saying why (RFC 6750 §3.1). */
function rejecting(): http.Server {
  return http.createServer((req, res) => {
    req.resume();
    res
      .writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"', 'content-type': 'application/json' })
      .end('{"error":"invalid_token"}');
  });
}

/**
 * A legacy JSON server. `ping`: it works, but ping is not implemented: healthy with one error-level
 * finding (L4), which is what --strict is for. `schema`: its one tool's inputSchema is not an
 * object, which the official SDK clients refuse whole: partial.
 */
function badSchema(flaw: 'ping' | 'schema'): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      let m: { id?: number | string; method?: string };
      try {
        m = JSON.parse(body) as { id?: number | string; method?: string };
      } catch {
        return void res.writeHead(400).end();
      }
      const reply = (result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result }));
      switch (m.method) {
        case 'initialize':
          return reply({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'bad-schema', version: '1.0.0' } });
        case 'notifications/initialized':
          return void res.writeHead(202).end();
        case 'ping':
          if (flaw === 'ping') break;
          return reply({});
        case 'tools/list':
          return reply({ tools: [{ name: 'shout', inputSchema: flaw === 'schema' ? { type: 'string' } : { type: 'object' } }] });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id ?? null, error: { code: -32601, message: 'Method not found' } }));
    });
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

const junitParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

interface JUnitCase {
  name: string;
  classname: string;
  time: string;
  failure?: { message: string; type: string };
  skipped?: unknown;
}
interface JUnitSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  time: string;
  timestamp: string;
  testcase?: JUnitCase[];
}

/** Well-formed XML in the Ant/Surefire JUnit shape, with counts that add up. */
function readJUnit(xml: string): { suites: JUnitSuite[]; cases: JUnitCase[]; failures: number } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = junitParser.parse(xml) as { testsuites: { tests: string; failures: string; errors: string; testsuite: JUnitSuite[] } };
  const suites = doc.testsuites.testsuite;
  const cases = suites.flatMap((s) => s.testcase ?? []);
  for (const s of suites) {
    expect(s.name).toBeTruthy();
    expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(Number(s.tests)).toBe((s.testcase ?? []).length);
    expect(Number(s.failures)).toBe((s.testcase ?? []).filter((c) => c.failure).length);
    expect(Number(s.time)).toBeGreaterThanOrEqual(0);
  }
  for (const c of cases) {
    expect(c.name).toBeTruthy();
    expect(c.classname).toMatch(/^mcp-health/);
    expect(Number(c.time)).toBeGreaterThanOrEqual(0);
  }
  expect(Number(doc.testsuites.tests)).toBe(cases.length);
  expect(Number(doc.testsuites.failures)).toBe(cases.filter((c) => c.failure).length);
  return { suites, cases, failures: cases.filter((c) => c.failure).length };
}

describe('mcp-health CLI', () => {
  let peer: Peer;
  let zeroTools: Fixture;
  let hang: Fixture;
  let echo: Fixture;
  const servers: http.Server[] = [];
  let authUrl: string;
  let rejectUrl: string;
  let strictUrl: string;
  let rejectedUrl: string;
  let refused: string;
  let tmp: string;

  beforeAll(async () => {
    [peer, zeroTools, hang, echo] = await Promise.all([startPeer('sdk1-json'), startFixture('zero-tools'), startFixture('hang'), startFixture('echo-headers')]);
    const auth = unauthorized();
    const reject = rejecting();
    const strict = badSchema('ping');
    const rejected = badSchema('schema');
    servers.push(auth, strict, reject, rejected);
    [authUrl, strictUrl, refused, rejectUrl, rejectedUrl] = await Promise.all([listen(auth), listen(strict), refusedPortUrl(), listen(reject), listen(rejected)]);
    tmp = await mkdtemp(join(tmpdir(), 'mcp-health-cli-'));
  }, 60_000);

  afterAll(async () => {
    await Promise.all([peer?.stop(), zeroTools?.stop(), hang?.stop(), echo?.stop(), ...servers.map((s) => new Promise((r) => s.close(r)))]);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  describe('exit codes', () => {
    it('0 for a healthy server, with the human report on stdout', async () => {
      const r = await cli(['check', peer.url]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^ GOOD  Healthy: 3 tools/);
      expect(r.stdout).toMatch(/STEP\s+ERA\s+STATUS\s+LATENCY\s+NOTES/);
      expect(r.stdout).toMatch(/initialize\s+legacy\s+ok\s+\d+ ms/);
      expect(r.stdout).toContain('Tools: 3');
      // Not a terminal: no colours, no progress line.
      expect(r.stdout + r.stderr).not.toMatch(/\x1b\[/);
      expect(r.stderr).toBe('');
    });

    it('1 for a partial server (no tools)', async () => {
      const r = await cli(['check', zeroTools.url]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toMatch(/^ WARN /);
      expect(r.stdout).toContain('Exit 1: verdict partial');
    });

    it('2 when the server wants credentials', async () => {
      const r = await cli(['check', authUrl]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toMatch(/^ AUTH /);
      // As the page's callout: the authorization server, every metadata URL tried, what to do next.
      // No PRM and no metadata here, so the 2025-03-26 default endpoints are what remains.
      const origin = new URL(authUrl).origin;
      expect(r.stdout).toContain(`server    ${origin} (2025-03-26 discovery, default endpoints)`);
      expect(r.stdout).toContain(`authorize ${origin}/authorize`);
      expect(r.stdout).toMatch(new RegExp(`401\\s+${origin}/\\.well-known/oauth-protected-resource/mcp`));
      expect(r.stdout).toContain(`${origin}/.well-known/oauth-authorization-server  2025-03-26 metadata`);
      expect(r.stdout).toContain('next      Get a token from');
      expect(r.stdout).toContain('--header "Authorization: Bearer <token>"');
    });

    it('2, and --json carries the OAuth discovery rows and a registration preview that is shown, not sent', async () => {
      const f = await startFlowFixture({ register: 'accept' });
      try {
        const r = await cli(['check', f.url, '--json']);
        expect(r.code, r.stderr).toBe(2);
        const report = Report.parse(JSON.parse(r.stdout));
        const rows = report.steps.filter((st) => st.group === 'auth');
        expect(rows.map((st) => [st.name, st.status, st.request?.url])).toEqual([
          ['resource metadata', 'ok', `${f.origin}/.well-known/oauth-protected-resource/mcp`],
          ['authorization server metadata', 'ok', `${f.origin}/.well-known/oauth-authorization-server`],
          ['client registration (preview)', 'skipped', `${f.origin}/register`],
        ]);
        const preview = rows.at(-1)!;
        expect(preview.request?.method).toBe('POST');
        expect(preview.response).toBeUndefined();
        expect(JSON.parse(preview.request!.body!)).toEqual({
          client_name: 'MCP Health Check',
          application_type: 'native',
          redirect_uris: ['http://127.0.0.1/oauth/callback'],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
        });
        expect(preview.notes).toContain('this request was not sent');
        // Nothing was registered at the authorization server.
        expect(f.registrations).toEqual([]);
        // The human report lists it among the steps too.
        const human = await cli(['check', f.url]);
        expect(human.stdout).toMatch(/client registration \(preview\)\s+skipped/);
      } finally {
        await f.stop();
      }
    });

    it('the preview against the SDK\'s authorization server: its registration endpoint, with what its metadata offers', async () => {
      const stack = await startAuthStack('sdk');
      try {
        const r = await cli(['check', stack.mcpUrl, '--json']);
        expect(r.code, r.stderr).toBe(2);
        const report = Report.parse(JSON.parse(r.stdout));
        const preview = report.steps.find((st) => st.id === 'auth/registration-preview');
        expect(preview?.request?.url).toBe(`${stack.issuer}register`);
        expect(preview?.notes).not.toContain('Client ID Metadata Documents');
      } finally {
        await stack.stop();
      }
    });

    it('2 with the server\'s own words when it rejects the token sent', async () => {
      const r = await cli(['check', rejectUrl, '--header', 'Authorization: Bearer expired-token-xyz']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toMatch(/^ AUTH  The server rejected the token: invalid_token \(“The access token expired”\)/);
      expect(r.stdout).toContain('rejected  invalid_token (“The access token expired”)');
      expect(r.stdout).not.toContain('expired-token-xyz');
    });

    it('3 when nothing answers', async () => {
      const r = await cli(['check', refused]);
      expect(r.code, r.stdout).toBe(3);
      expect(r.stdout).toMatch(/^ DOWN .*refused the connection/);
    });

    it('3 within --timeout when the server hangs', async () => {
      const t0 = Date.now();
      const r = await cli(['check', hang.url, '--timeout', '1', '--json']);
      expect(r.code).toBe(3);
      expect(Date.now() - t0).toBeLessThan(8_000);
      const report = Report.parse(JSON.parse(r.stdout));
      expect(report.steps.some((s) => s.error?.code === 'TIMEOUT' || s.error?.code === 'ABORTED')).toBe(true);
    });

    it('--strict flips a healthy report with an error-level finding to 4', async () => {
      // Without the probes: this hand-written server does not validate Origin either (T16).
      const lax = await cli(['check', strictUrl, '--no-probes']);
      expect(lax.code, lax.stdout).toBe(0);
      expect(lax.stdout).toMatch(/error\s+L4\s+ping is not implemented/);
      const strict = await cli(['check', strictUrl, '--strict', '--no-probes']);
      expect(strict.code, strict.stdout).toBe(4);
      expect(strict.stdout).toContain('Exit 4: --strict: 1 error-level finding (L4)');
      // --strict does not touch a server without error findings.
      expect((await cli(['check', peer.url, '--strict', '-q'])).code).toBe(0);
    });

    it('--fail-on must turns failed MUSTs of a healthy server into 5, and --no-probes sends no probe', async () => {
      const r = await cli(['check', strictUrl, '--fail-on', 'must']);
      expect(r.code, r.stdout).toBe(5);
      expect(r.stdout).toMatch(/Exit 5: --fail-on must: \d+ requirements? failed/);
      expect(r.stdout).toContain('MUST transport/origin-validated');
      const json = Report.parse(JSON.parse((await cli(['check', peer.url, '--json', '--no-probes'])).stdout));
      expect(json.steps.filter((s) => s.group === 'probe')).toEqual([]);
      expect(json.probes).toBe(false);
      // The SDK v1 peer meets every MUST the checker can see.
      expect((await cli(['check', peer.url, '--fail-on', 'must', '-q'])).code).toBe(0);
    });

    it('a tool list the official SDK clients reject is partial (exit 1), and the headline names the client and the tool', async () => {
      const r = await cli(['check', rejectedUrl, '--json']);
      expect(r.code, r.stderr).toBe(1);
      const report = Report.parse(JSON.parse(r.stdout));
      expect(report.verdict).toBe('partial');
      expect(report.summary).toMatch(/official TypeScript SDK \(v1 and v2\) rejects the whole tool list: tools\[0\]\.inputSchema/);
      expect(report.findings.find((f) => f.id === 'S14')?.severity).toBe('error');
    });

    it.each([
      [[]],
      [['check']],
      [['inspect', 'http://127.0.0.1:1/mcp']],
      [['check', 'http://127.0.0.1:1/mcp', '--bogus']],
      [['check', 'http://127.0.0.1:1/mcp', '--timeout', 'x']],
      [['check', 'http://127.0.0.1:1/mcp', '--header', 'no-colon']],
      [['check', 'gopher://127.0.0.1/mcp']],
    ])('64 and a usage line for %j', async (args) => {
      const r = await cli(args);
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^mcp-health: .+\nUsage: mcp-health check <url>/);
    });

    it('64 with the reason, and nothing sent, for a target the address policy refuses even on your own machine', async () => {
      for (const [url, reason] of [
        ['http://169.254.169.254/latest/meta-data', /^mcp-health: Refusing to contact 169\.254\.169\.254: it is a cloud metadata service address/],
        ['http://[::ffff:169.254.169.254]/', /cloud metadata service address/],
        ['http://0.0.0.0:1/mcp', /the unspecified address/],
      ] as const) {
        const r = await cli(['check', url, '--json']);
        expect(r.code, url).toBe(64);
        expect(r.stdout, url).toBe('');
        expect(r.stderr, url).toMatch(reason);
      }
    });

    it('--help and --version exit 0', async () => {
      const help = await cli(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exit codes (check):');
      const v = await cli(['--version']);
      expect(v).toMatchObject({ code: 0, stdout: expect.stringMatching(/^mcp-health \d+\.\d+\.\d+\n$/) });
    });
  });

  describe('output', () => {
    it('diff compares two saved reports: what changed, exit 1; the same report twice, exit 0; a file that is no report, a usage error', async () => {
      const [good, none] = await Promise.all([cli(['check', peer.url, '--json']), cli(['check', zeroTools.url, '--json'])]);
      const a = join(tmp, 'good.json');
      const b = join(tmp, 'zero.json');
      const junk = join(tmp, 'junk.json');
      await Promise.all([writeFile(a, good.stdout), writeFile(b, none.stdout), writeFile(junk, '{"hello":"world"}')]);
      const same = await cli(['diff', a, a]);
      expect(same).toMatchObject({ code: 0, stdout: 'verdict: GOOD (same)\nno differences\n' });
      const changed = await cli(['diff', a, b]);
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain('verdict: GOOD → WARN');
      // Each of the three tools the first server had is named as gone, and flagged as security-relevant.
      for (const tool of Report.parse(JSON.parse(good.stdout)).tools) expect(changed.stdout).toMatch(new RegExp(`! .*${tool.name}.*removed`));
      const bad = await cli(['diff', a, junk]);
      expect(bad.code).toBe(64);
      expect(bad.stderr).toContain('is not an mcp-health report');
    });

    it('--json prints exactly one report that parses with the report schema', async () => {
      const r = await cli(['check', peer.url, '--json']);
      expect(r.code).toBe(0);
      const report = Report.parse(JSON.parse(r.stdout));
      expect(report).toMatchObject({ url: peer.url, verdict: 'healthy', era: 'legacy' });
      expect(report.tools).toHaveLength(3);
    });

    it('--json keeps the verdict exit code', async () => {
      const r = await cli(['check', zeroTools.url, '--json']);
      expect(r.code).toBe(1);
      expect(Report.parse(JSON.parse(r.stdout)).verdict).toBe('partial');
    });

    it('--junit writes valid JUnit XML: one case per step and finding, plus the verdict', async () => {
      const file = join(tmp, 'nested/dir/healthy.xml');
      const r = await cli(['check', peer.url, '--json', '--junit', file]);
      expect(r.code).toBe(0);
      const report = Report.parse(JSON.parse(r.stdout));
      const { suites, cases, failures } = readJUnit(await readFile(file, 'utf8'));
      expect(suites.map((s) => s.name)).toEqual(['mcp-health verdict', 'mcp-health steps', 'mcp-health findings', 'mcp-health conformance']);
      const requirements = report.conformance!.requirements;
      expect(cases).toHaveLength(1 + report.steps.length + report.findings.length + requirements.length);
      // One case per requirement of the revision checked, named by its stable id; Pass ones carry their step.
      expect(suites[3]!.testcase!.map((c) => c.name)).toEqual(requirements.map((q) => `${q.id} (${q.level})`));
      expect(Number(suites[3]!.skipped)).toBe(requirements.filter((q) => q.status !== 'met' && q.status !== 'failed').length);
      expect(failures).toBe(0);
    });

    it('--junit marks the failures: the strict verdict and the error finding', async () => {
      const file = join(tmp, 'strict.xml');
      const r = await cli(['check', strictUrl, '--strict', '--quiet', '--junit', file]);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      const { suites } = readJUnit(await readFile(file, 'utf8'));
      expect(suites[0]!.testcase![0]!.failure).toMatchObject({ type: 'strict' });
      expect(suites[2]!.testcase!.find((c) => c.failure?.type === 'L4')).toBeTruthy();
    });

    it('--junit for an unreachable server fails the verdict and the errored steps', async () => {
      const file = join(tmp, 'down.xml');
      const r = await cli(['check', refused, '-q', '--junit', file]);
      expect(r.code).toBe(3);
      const { suites } = readJUnit(await readFile(file, 'utf8'));
      expect(suites[0]!.testcase![0]!.failure).toMatchObject({ type: 'unreachable' });
      expect(suites[1]!.testcase!.some((c) => c.failure?.type === 'CONNECT')).toBe(true);
    });

    it('73 when the --junit file cannot be written', async () => {
      const r = await cli(['check', peer.url, '-q', '--junit', join(bin, 'not-a-dir.xml')]);
      expect(r.code).toBe(73);
      expect(r.stderr).toMatch(/cannot write the JUnit file/);
    });

    it('--quiet prints nothing and keeps the exit code', async () => {
      const r = await cli(['check', zeroTools.url, '--quiet']);
      expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
    });

    it('--header reaches the server on every request and never appears in the output', async () => {
      const secret = 'cli-secret-token-123456';
      echo.requests.length = 0;
      const r = await cli(['check', echo.url, '--json', '-H', `Authorization: Bearer ${secret}`, '--header', 'X-Team: blue']);
      expect(r.code).toBe(0);
      expect(echo.requests.length).toBeGreaterThan(0);
      for (const req of echo.requests) expect(req.headers).toMatchObject({ authorization: `Bearer ${secret}`, 'x-team': 'blue' });
      expect(r.stdout).not.toContain(secret);
    });

    const hasScript = spawnSync('script', ['--version']).status === 0;
    it.skipIf(!hasScript)('colours and a progress line on a terminal, none with NO_COLOR', async () => {
      const onTty = (env: Record<string, string>) =>
        spawnSync('script', ['-qec', `stty cols 120; "${process.execPath}" "${bin}" check "${peer.url}"`, '/dev/null'], { env: { ...process.env, ...env }, encoding: 'utf8' });
      const colour = onTty({});
      expect(colour.status).toBe(0);
      expect(colour.stdout).toMatch(/\x1b\[32m\x1b\[1m GOOD /);
      expect(colour.stdout).toMatch(/\r\x1b\[2K.*Checking .*steps? done/);
      // The verdict shows on the progress line before the clean-up (the session DELETE) has finished.
      expect(colour.stdout).toMatch(/\r\x1b\[2K.*Checking .*: GOOD, finishing; \d+ steps done/);
      const plain = onTty({ NO_COLOR: '1' });
      expect(plain.status).toBe(0);
      expect(plain.stdout).toContain(' GOOD  Healthy');
      expect(plain.stdout).not.toMatch(/\x1b\[\d+m/);
    });

    it('runs as `npx mcp-health` from the checkout', () => {
      const r = spawnSync('npx', ['--no-install', 'mcp-health', '--version'], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^mcp-health \d/);
    });
  });

  it('the engine tells onStep about every step it records', async () => {
    const seen: Step[] = [];
    const report = await runCheck({ url: peer.url }, testDeps({ onStep: (s) => seen.push(s) }));
    expect(seen.map((s) => s.id).sort()).toEqual(report.steps.map((s) => s.id).sort());
  });
});
