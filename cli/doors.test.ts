import { describe, expect, it } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { actionOutcome } from './action';
import { parseCliArgs } from './args';
import { pool, worstCode } from './batch';
import { mdText } from './markdown';
import { parseServerList } from './server-list';

describe('--format, --sarif, --from', () => {
  it('parses the new options and refuses combinations that would mislead', () => {
    expect(parseCliArgs(['check', 'https://a.example/mcp', '--format', 'markdown', '--sarif', 'o.sarif'])).toMatchObject({ ok: true, command: { kind: 'check', format: 'markdown', sarif: 'o.sarif' } });
    expect(parseCliArgs(['check', 'https://a.example/mcp', '--json'])).toMatchObject({ ok: true, command: { format: 'json' } });
    expect(parseCliArgs(['check', 'https://a.example/mcp', '--format', 'yaml'])).toMatchObject({ ok: false, error: expect.stringContaining('--format must be one of') });
    expect(parseCliArgs(['check', 'https://a.example/mcp', '--json', '--format', 'markdown'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['check', '--from', 'list.txt', '--concurrency', '8'])).toMatchObject({ ok: true, command: { kind: 'batch', from: 'list.txt', concurrency: 8 } });
    expect(parseCliArgs(['check', '--from', 'list.txt', '--concurrency', '0'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['check', '--from', 'list.txt', 'https://a.example/mcp'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['check', '--from', 'list.txt', '-H', 'Authorization: Bearer x'])).toMatchObject({ ok: false, error: expect.stringContaining('every server') });
    expect(parseCliArgs(['mcp'])).toEqual({ ok: true, command: { kind: 'mcp' } });
  });
});

describe('server lists', () => {
  it('reads plain lists with comments, server.json, arrays and registry lists, once per URL', () => {
    expect(parseServerList('# list\nhttps://a.example/mcp\n\nhttps://b.example/mcp\nhttps://a.example/mcp\n')).toEqual({ ok: true, servers: [{ url: 'https://a.example/mcp' }, { url: 'https://b.example/mcp' }] });
    const serverJson = { name: 'io.github.x/y', remotes: [{ type: 'streamable-http', url: 'https://y.example/mcp' }, { type: 'stdio-only', url: 'x' }] };
    expect(parseServerList(JSON.stringify(serverJson))).toEqual({ ok: true, servers: [{ url: 'https://y.example/mcp', name: 'io.github.x/y' }] });
    expect(parseServerList(JSON.stringify([serverJson]))).toMatchObject({ ok: true, servers: [{ url: 'https://y.example/mcp' }] });
    expect(parseServerList(JSON.stringify({ servers: [{ server: serverJson, _meta: {} }] }))).toMatchObject({ ok: true, servers: [{ url: 'https://y.example/mcp' }] });
    expect(parseServerList('{ nope')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(parseServerList(JSON.stringify({ name: 'local', packages: [] }))).toMatchObject({ ok: false });
    expect(parseServerList('  \n')).toMatchObject({ ok: false });
  });
});

describe('batch helpers', () => {
  it('the worst exit code wins: DOWN over AUTH over WARN over --strict over GOOD', () => {
    expect(worstCode([0, 4, 1])).toBe(1);
    expect(worstCode([0, 2, 1, 4])).toBe(2);
    expect(worstCode([3, 2, 0])).toBe(3);
    expect(worstCode([])).toBe(0);
  });

  it('pool keeps order and never runs more than its limit', async () => {
    let inFlight = 0;
    let max = 0;
    const out = await pool([5, 1, 4, 2, 3], 2, async (n) => {
      max = Math.max(max, ++inFlight);
      await new Promise((r) => setTimeout(r, n * 3));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(max).toBe(2);
  });
});

describe('Markdown escaping', () => {
  it('turns server text inert', () => {
    expect(mdText('a|b <script> [x](y) `c`')).toBe('a\\|b &lt;script&gt; \\[x\\](y) \\`c\\`');
    expect(mdText('line\nbreak')).toBe('line break');
    expect(mdText('x'.repeat(400), 10)).toHaveLength(10);
  });
});

describe('the Action fail-on levels', () => {
  const withFindings = (severity: 'error' | 'warning') => sampleReport({ verdict: 'healthy', findings: [{ id: 'L4', severity, message: 'm' }] });
  it('down passes WARN, warn fails it; must fails error findings, should also warnings', () => {
    expect(actionOutcome(sampleReport({ verdict: 'partial' }), 'down').code).toBe(0);
    expect(actionOutcome(sampleReport({ verdict: 'partial' }), 'warn').code).toBe(1);
    expect(actionOutcome(sampleReport({ verdict: 'unreachable' }), 'down').code).toBe(3);
    expect(actionOutcome(sampleReport({ verdict: 'auth-required' }), 'down').code).toBe(2);
    expect(actionOutcome(withFindings('error'), 'warn').code).toBe(0);
    expect(actionOutcome(withFindings('error'), 'must').code).toBe(4);
    expect(actionOutcome(withFindings('warning'), 'must').code).toBe(0);
    expect(actionOutcome(withFindings('warning'), 'should').code).toBe(4);
  });

  it('must and should also fail a healthy report on a failed requirement of that level (exit 5), down and warn never do', () => {
    const tally = { met: 0, failed: 1, notApplicable: 0, notTestable: 0, notTested: 0 };
    const failed = (level: 'MUST' | 'SHOULD') =>
      sampleReport({ verdict: 'healthy', findings: [], conformance: { revision: '2025-11-25', must: tally, should: tally, requirements: [{ id: 'session/missing-400', level, status: 'failed', specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management' }] } });
    expect(actionOutcome(failed('MUST'), 'must')).toEqual({ code: 5, reason: 'fail-on must: 1 requirement failed (MUST session/missing-400)' });
    expect(actionOutcome(failed('SHOULD'), 'must').code).toBe(0);
    expect(actionOutcome(failed('SHOULD'), 'should')).toEqual({ code: 5, reason: 'fail-on should: 1 requirement failed (SHOULD session/missing-400)' });
    expect(actionOutcome(failed('MUST'), 'warn').code).toBe(0);
    expect(actionOutcome(failed('MUST'), 'down').code).toBe(0);
  });
});

describe('--from with --fail-on and --no-probes', () => {
  it('takes both, refuses a bad level, and ranks exit 5 with --strict below WARN', () => {
    expect(parseCliArgs(['check', '--from', 'list.txt', '--fail-on', 'should', '--no-probes'])).toMatchObject({ ok: true, command: { kind: 'batch', failOn: 'should', probes: false } });
    expect(parseCliArgs(['check', '--from', 'list.txt'])).toMatchObject({ ok: true, command: { kind: 'batch', probes: true } });
    expect(parseCliArgs(['check', '--from', 'list.txt', '--fail-on', 'may'])).toMatchObject({ ok: false, error: expect.stringContaining('--fail-on must be') });
    expect(worstCode([0, 5])).toBe(5);
    expect(worstCode([5, 1])).toBe(1);
    expect(worstCode([5, 3, 0])).toBe(3);
  });
});
