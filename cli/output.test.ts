import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Finding, Report } from '../lib/report/schema';
import { Report as ReportSchema } from '../lib/report/schema';
import { outcomeFor } from './exit';
import { formatReport, painter, wantsColor } from './format';
import { toJUnit } from './junit';
import { toMarkdown } from './markdown';

function report(over: Partial<Report> = {}): Report {
  return ReportSchema.parse({
    schemaVersion: 1,
    url: 'http://127.0.0.1:1234/mcp',
    checkedAt: '2026-01-02T03:04:05.678Z',
    durationMs: 42,
    verdict: 'healthy',
    summary: 'Healthy: 1 tool, 2025-11-25.',
    era: 'legacy',
    protocolVersion: '2025-11-25',
    supportedVersions: ['2025-11-25'],
    serverInfo: { name: 'demo', version: '1.0.0' },
    steps: [
      { id: 'initialize', name: 'initialize', era: 'legacy', status: 'ok', startMs: 0, latencyMs: 12.3, notes: 'demo 1.0.0' },
      { id: 'ping', name: 'ping', era: 'legacy', status: 'error', startMs: 13, latencyMs: 4, notes: 'Method not found <&>', error: { code: 'JSON_RPC_ERROR', message: 'Method not found <&>' } },
      { id: 'delete', name: 'DELETE session', era: 'legacy', status: 'skipped', startMs: 20, latencyMs: 0, notes: 'no session' },
    ],
    tools: [{ name: 'echo' }],
    findings: [],
    ...over,
  });
}

const errorFinding: Finding = { id: 'L4', severity: 'error', message: 'ping must be answered "quoted" & <escaped>', stepId: 'ping', specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping' };
const warning: Finding = { id: 'T9', severity: 'warning', message: 'a warning\u0000with a NUL' };

describe('outcomeFor', () => {
  it('maps each verdict to its exit code', () => {
    expect(outcomeFor(report(), false).code).toBe(0);
    expect(outcomeFor(report({ verdict: 'partial' }), false).code).toBe(1);
    expect(outcomeFor(report({ verdict: 'auth-required' }), false).code).toBe(2);
    expect(outcomeFor(report({ verdict: 'unreachable' }), false).code).toBe(3);
  });
  it('--strict fails a healthy report with an error finding, and only then', () => {
    const r = report({ findings: [errorFinding, warning] });
    expect(outcomeFor(r, false)).toEqual({ code: 0, reason: '' });
    expect(outcomeFor(r, true)).toEqual({ code: 4, reason: '--strict: 1 error-level finding (L4)' });
    expect(outcomeFor(report({ findings: [warning] }), true).code).toBe(0);
    // A worse verdict keeps its own code.
    expect(outcomeFor(report({ verdict: 'partial', findings: [errorFinding] }), true).code).toBe(1);
  });

  it('--fail-on fails a healthy report whose conformance section has a failed requirement of that level', () => {
    const tally = { met: 1, failed: 0, notApplicable: 0, notTestable: 0, notTested: 0 };
    const row = (id: string, level: 'MUST' | 'SHOULD', status: 'met' | 'failed') => ({ id, level, status, specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports' });
    const conformance = (rows: ReturnType<typeof row>[]) => ({ revision: '2025-11-25', must: tally, should: tally, requirements: rows });
    const shouldOnly = report({ conformance: conformance([row('transport/origin-validated', 'MUST', 'met'), row('stream/priming-event', 'SHOULD', 'failed')]) });
    expect(outcomeFor(shouldOnly, false, 'must').code).toBe(0);
    expect(outcomeFor(shouldOnly, false, 'should')).toEqual({ code: 5, reason: '--fail-on should: 1 requirement failed (SHOULD stream/priming-event)' });
    const must = report({ conformance: conformance([row('transport/origin-validated', 'MUST', 'failed')]) });
    expect(outcomeFor(must, false, 'must')).toEqual({ code: 5, reason: '--fail-on must: 1 requirement failed (MUST transport/origin-validated)' });
    expect(outcomeFor(must, false).code).toBe(0);
    // A worse verdict keeps its own code.
    expect(outcomeFor(report({ verdict: 'partial', conformance: must.conformance }), false, 'must').code).toBe(1);
  });
});

describe('formatReport', () => {
  it('shows verdict, steps, findings and tools, without escape codes when colour is off', () => {
    const r = report({ findings: [warning, errorFinding] });
    const text = formatReport(r, outcomeFor(r, true), { paint: painter(false) });
    expect(text).not.toMatch(/\x1b\[/);
    expect(text.split('\n')[0]).toBe(' GOOD  Healthy: 1 tool, 2025-11-25.');
    expect(text).toMatch(/STEP\s+ERA\s+STATUS\s+LATENCY\s+NOTES/);
    expect(text).toMatch(/ping\s+legacy\s+error\s+4 ms\s+JSON_RPC_ERROR: Method not found/);
    // Errors first.
    expect(text.indexOf('L4')).toBeLessThan(text.indexOf('T9'));
    expect(text).toContain('Findings: 1 error, 1 warning');
    expect(text).toContain('Tools: 1 (echo)');
    expect(text).toContain('Exit 4: --strict');
  });
  it('a DOWN report says nothing was inspected, never "Findings: none" or "Tools: 0"', () => {
    const down = report({ verdict: 'unreachable', summary: 'Down: refused.', era: 'unknown', tools: [], serverInfo: undefined, protocolVersion: undefined, supportedVersions: [] });
    const text = formatReport(down, outcomeFor(down, false), { paint: painter(false) });
    expect(text).toContain('Findings: Nothing answered as an MCP server, so there was nothing to inspect.');
    expect(text).toContain('Tools: not listed');
    expect(text).not.toMatch(/Findings: none|Tools: 0/);
    const md = toMarkdown(down, outcomeFor(down, false));
    expect(md).toContain('| Tools | not listed |');
    expect(md).toContain('Nothing answered as an MCP server');
    expect(md).not.toContain('None.');
    // A healthy report with no findings still says so plainly.
    expect(formatReport(report(), { code: 0, reason: '' }, { paint: painter(false) })).toContain('Findings: none');
  });
  it('colours when asked', () => {
    expect(formatReport(report(), { code: 0, reason: '' }, { paint: painter(true) })).toMatch(/\x1b\[32m/);
  });
  it('cuts notes to the terminal width', () => {
    const long = report({ steps: [{ id: 'initialize', name: 'initialize', status: 'ok', startMs: 0, latencyMs: 1, notes: 'x'.repeat(500) }] });
    const lines = formatReport(long, { code: 0, reason: '' }, { paint: painter(false), columns: 80 }).split('\n');
    expect(lines.find((l) => l.includes('xxx'))!.length).toBeLessThanOrEqual(80);
  });
});

describe('wantsColor', () => {
  it('only on a TTY and never with NO_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true); // no-color.org: empty means unset
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('toJUnit', () => {
  const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml);

  it('is well-formed, counts agree, and one case per step and finding', () => {
    const r = report({ findings: [errorFinding, warning] });
    const xml = toJUnit(r, outcomeFor(r, true));
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parse(xml);
    const suites = doc.testsuites.testsuite as Array<{ name: string; tests: string; failures: string; skipped: string; testcase?: Array<Record<string, unknown>> }>;
    expect(suites.map((s) => s.name)).toEqual(['mcp-health verdict', 'mcp-health steps', 'mcp-health findings']);
    expect(suites[1]!.testcase).toHaveLength(3);
    expect(suites[2]!.testcase).toHaveLength(2);
    // The verdict case fails exactly when the exit code is non-zero.
    expect(suites[0]!.testcase![0]!.failure).toBeTruthy();
    // Errored step fails, skipped step is skipped, error finding fails, warning passes.
    expect(suites[1]!).toMatchObject({ failures: '1', skipped: '1' });
    expect(suites[2]!).toMatchObject({ failures: '1' });
    expect(doc.testsuites).toMatchObject({ tests: '6', failures: '3', skipped: '1' });
    expect(xml).toContain('&lt;&amp;&gt;');
    expect(xml).not.toContain('\u0000');
  });

  it('a healthy report without --strict has a passing verdict case', () => {
    const r = report({ findings: [errorFinding] });
    const doc = parse(toJUnit(r, outcomeFor(r, false)));
    expect(doc.testsuites.testsuite[0].testcase[0].failure).toBeUndefined();
    expect(doc.testsuites.testsuite[0].timestamp).toBe('2026-01-02T03:04:05');
  });
});

describe('formatReport: the conformance section', () => {
  const conformance = {
    revision: '2025-11-25',
    must: { met: 1, failed: 1, notApplicable: 0, notTestable: 1, notTested: 0 },
    should: { met: 0, failed: 0, notApplicable: 0, notTestable: 0, notTested: 1 },
    requirements: [
      { id: 'lifecycle/ping', level: 'MUST' as const, status: 'met' as const, specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping', stepId: 'ping' },
      { id: 'tools/validate-inputs', level: 'MUST' as const, status: 'not-testable' as const, specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/server/tools' },
      { id: 'session/missing-400', level: 'SHOULD' as const, status: 'not-tested' as const, specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports' },
      { id: 'transport/origin-validated', level: 'MUST' as const, status: 'failed' as const, specUrl: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports', stepId: 'probe: foreign Origin' },
    ],
  };

  it('prints each requirement with its level, result and step, failures first', () => {
    const text = formatReport(report({ conformance }), { code: 0, reason: '' }, { paint: painter(false) });
    const at = text.indexOf('Conformance to 2025-11-25:');
    expect(at).toBeGreaterThan(text.indexOf('Findings'));
    const lines = text.slice(at).split('\n');
    expect(lines[0]).toBe('Conformance to 2025-11-25: MUST 1 pass, 1 fail, 1 not testable; SHOULD 0 pass, 1 not tested');
    expect(lines[1]).toMatch(/^ {2}REQUIREMENT +LEVEL +RESULT +STEP$/);
    expect(lines.slice(2, 6).map((l) => l.trim().split(/ {2,}/))).toEqual([
      ['transport/origin-validated', 'MUST', 'Fail', 'probe: foreign Origin'],
      ['lifecycle/ping', 'MUST', 'Pass', 'ping'],
      ['session/missing-400', 'SHOULD', 'Not tested', '—'],
      ['tools/validate-inputs', 'MUST', 'Not testable from outside', '—'],
    ]);
  });

  it('says when the probes were off, and prints nothing without a section', () => {
    expect(formatReport(report({ conformance, probes: false }), { code: 0, reason: '' }, { paint: painter(false) })).toContain('probes were off');
    expect(formatReport(report(), { code: 0, reason: '' }, { paint: painter(false) })).not.toContain('Conformance');
  });
});


describe('the conformance table in Markdown, JUnit and SARIF', () => {
  const spec = (s: string) => `https://modelcontextprotocol.io/specification/2025-11-25/${s}`;
  const conformance = {
    revision: '2025-11-25',
    must: { met: 1, failed: 1, notApplicable: 1, notTestable: 1, notTested: 0 },
    should: { met: 0, failed: 1, notApplicable: 0, notTestable: 0, notTested: 1 },
    requirements: [
      { id: 'lifecycle/ping', level: 'MUST' as const, status: 'met' as const, specUrl: spec('basic/utilities/ping'), stepId: 'ping', suiteIds: ['ping'] },
      { id: 'tools/validate-inputs', level: 'MUST' as const, status: 'not-testable' as const, specUrl: spec('server/tools#security-considerations') },
      { id: 'session/terminated-404', level: 'MUST' as const, status: 'not-applicable' as const, specUrl: spec('basic/transports#session-management') },
      { id: 'session/missing-400', level: 'SHOULD' as const, status: 'not-tested' as const, specUrl: spec('basic/transports#session-management') },
      { id: 'stream/priming-event', level: 'SHOULD' as const, status: 'failed' as const, specUrl: spec('basic/transports#sending-messages-to-the-server'), stepId: 'tools/list' },
      { id: 'transport/origin-validated', level: 'MUST' as const, status: 'failed' as const, specUrl: spec('basic/transports#security-warning'), stepId: 'initialize from Origin http://evil.invalid', suiteIds: ['dns-rebinding-protection'] },
    ],
  };
  const r = report({ conformance, findings: [warning] });

  it('Markdown: a table row per requirement, linked to its section, failures first, with the tally', () => {
    const md = toMarkdown(r, outcomeFor(r, false, 'must'));
    const lines = md.split('\n');
    const head = lines.indexOf('### Conformance to 2025-11-25');
    expect(head).toBeGreaterThan(lines.indexOf('### Findings'));
    expect(lines[head + 2]).toBe('MUST: 1 pass, 1 fail, 1 not applicable, 1 not testable. SHOULD: 0 pass, 1 fail, 1 not tested.');
    const table = lines.slice(head + 4, head + 4 + 2 + 6);
    expect(table[0]).toBe('| Requirement | Level | Result | Step |');
    expect(table.slice(2)).toEqual([
      `| [transport/origin-validated](${spec('basic/transports#security-warning')}) | MUST | ❌ Fail | initialize from Origin http://evil.invalid |`,
      `| [stream/priming-event](${spec('basic/transports#sending-messages-to-the-server')}) | SHOULD | ❌ Fail | tools/list |`,
      `| [lifecycle/ping](${spec('basic/utilities/ping')}) | MUST | ✅ Pass | ping |`,
      `| [session/missing-400](${spec('basic/transports#session-management')}) | SHOULD | Not tested | — |`,
      `| [session/terminated-404](${spec('basic/transports#session-management')}) | MUST | Not applicable | — |`,
      `| [tools/validate-inputs](${spec('server/tools#security-considerations')}) | MUST | Not testable from outside | — |`,
    ]);
    expect(md).toContain('**Exit 5:** --fail-on must: 1 requirement failed (MUST transport/origin-validated)');
    expect(toMarkdown(report({ conformance, probes: false }), { code: 0, reason: '' })).toContain('Probes were off');
    expect(toMarkdown(report(), { code: 0, reason: '' })).not.toContain('Conformance');
  });

  it('JUnit: a conformance suite, one case per requirement; a failed MUST fails, a failed SHOULD only under --fail-on should', () => {
    type Case = { name: string; classname: string; failure?: { type: string; message: string }; skipped?: { message: string }; 'system-out'?: string };
    const suiteOf = (failOn?: 'must' | 'should') => {
      const xml = toJUnit(r, outcomeFor(r, false, failOn), failOn);
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml);
      const suites = doc.testsuites.testsuite as Array<{ name: string; tests: string; failures: string; skipped: string; testcase: Case[]; properties: { property: Array<{ name: string; value: string }> } }>;
      return { doc, suite: suites.find((s) => s.name === 'mcp-health conformance')!, verdict: suites[0]!.testcase[0]! };
    };
    const { doc, suite, verdict } = suiteOf('must');
    expect(suite.properties.property).toEqual([{ name: 'revision', value: '2025-11-25' }]);
    expect(suite.testcase.map((c) => c.name)).toEqual(conformance.requirements.map((q) => `${q.id} (${q.level})`));
    expect(suite.testcase.every((c) => c.classname === 'mcp-health.conformance.2025-11-25')).toBe(true);
    const byId = (id: string) => suite.testcase.find((c) => c.name.startsWith(`${id} `))!;
    expect(byId('transport/origin-validated').failure).toMatchObject({ type: 'MUST', message: 'MUST transport/origin-validated failed' });
    expect(byId('stream/priming-event').failure).toBeUndefined();
    expect(byId('stream/priming-event')['system-out']).toMatch(/^SHOULD Fail\nstep: tools\/list/);
    expect(byId('lifecycle/ping')['system-out']).toContain('official conformance suite: ping');
    expect(byId('tools/validate-inputs').skipped).toEqual({ message: 'Not testable from outside' });
    expect(byId('session/terminated-404').skipped).toEqual({ message: 'Not applicable' });
    expect(byId('session/missing-400').skipped).toEqual({ message: 'Not tested' });
    expect(suite).toMatchObject({ tests: '6', failures: '1', skipped: '3' });
    // The verdict case agrees with the exit code (5 under --fail-on must).
    expect(verdict.failure).toBeTruthy();
    expect(Number(doc.testsuites.tests)).toBe(1 + 3 + 1 + 6);
    expect(suiteOf('should').suite.failures).toBe('2');
  });

  it('SARIF: a rule per requirement (helpUri = its section, MUST error, SHOULD warning), a result per failed one, valid against the SARIF 2.1.0 schema', async () => {
    const { toSarif } = await import('./sarif');
    const sarif = toSarif(r, '0.0.0-test') as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; helpUri?: string; defaultConfiguration: { level: string }; properties: { status?: string; level?: string } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ logicalLocations?: Array<{ name: string }> }> }>;
        properties: { conformance?: { requirements: Array<{ id: string; status: string }> } };
      }>;
    };
    const { createRequire } = await import('node:module');
    const { readFile } = await import('node:fs/promises');
    const Ajv4 = (await import('ajv-draft-04')).default;
    const schema = JSON.parse(await readFile(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const validate = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0]!;
    const rules = run.tool.driver.rules;
    for (const q of conformance.requirements) {
      const rule = rules.find((x) => x.id === q.id);
      expect(rule, q.id).toMatchObject({ helpUri: q.specUrl, defaultConfiguration: { level: q.level === 'MUST' ? 'error' : 'warning' }, properties: { level: q.level, status: q.status } });
    }
    expect(run.results.map((x) => [x.ruleId, x.level])).toEqual([
      ['T9', 'warning'],
      ['stream/priming-event', 'warning'],
      ['transport/origin-validated', 'error'],
    ]);
    for (const res of run.results) expect(rules[res.ruleIndex]!.id).toBe(res.ruleId);
    expect(run.results[2]!.locations[0]!.logicalLocations).toEqual([{ name: 'initialize from Origin http://evil.invalid', kind: 'function' }]);
    expect(run.properties.conformance?.requirements).toEqual(conformance.requirements.map((q) => ({ id: q.id, level: q.level, status: q.status })));
  });
});
