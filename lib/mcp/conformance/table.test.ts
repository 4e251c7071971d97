import { describe, expect, it } from 'vitest';
import type { Report } from '../../report/schema';
import { conformanceTable } from './table';
import type { Outcome } from './probe';
import type { RequirementId } from './requirements';

type Base = Omit<Report, 'summary' | 'conformance'>;
const report = (over: Partial<Base> = {}): Base => ({
  schemaVersion: 1,
  url: 'http://127.0.0.1:1/mcp',
  checkedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  verdict: 'healthy',
  era: 'legacy',
  protocolVersion: '2025-11-25',
  supportedVersions: ['2025-11-25'],
  session: { issued: true },
  steps: [],
  tools: [{ name: 'echo', inputSchema: { type: 'object' } }],
  findings: [],
  ...over,
});
const status = (t: ReturnType<typeof conformanceTable>, id: string) => t?.requirements.find((r) => r.id === id)?.status;

describe('conformanceTable', () => {
  it('judges the SSE-event rule only when an event stream came back, with that step as evidence', () => {
    const step = (id: string, contentType: string) => ({ id, name: id, status: 'ok' as const, startMs: 0, latencyMs: 1, notes: '', response: { status: 200, headers: [], contentType, body: '', truncated: false } });
    const json = conformanceTable(report({ steps: [step('initialize', 'application/json'), step('tools/list', 'application/json')] }), undefined);
    expect(json?.requirements.find((r) => r.id === 'transport/sse-events')).toMatchObject({ status: 'not-applicable' });
    const sse = conformanceTable(report({ steps: [step('initialize', 'application/json'), step('tools/list', 'text/event-stream')] }), undefined);
    expect(sse?.requirements.find((r) => r.id === 'transport/sse-events')).toMatchObject({ status: 'met', stepId: 'tools/list' });
  });

  it('judges findings, probe outcomes and applicability for the revision the check used', () => {
    const outcomes = new Map<RequirementId, Outcome>([
      ['transport/origin-validated', 'failed'],
      ['session/unknown-404', 'met'],
    ]);
    const t = conformanceTable(report({ findings: [{ id: 'L4', severity: 'error', message: 'ping failed' }, { id: 'T9', severity: 'info', message: 'stateless' }] }), { outcomes, evidence: new Map() });
    expect(t?.revision).toBe('2025-11-25');
    expect(status(t, 'lifecycle/ping')).toBe('failed');
    expect(status(t, 'transport/origin-validated')).toBe('failed');
    expect(status(t, 'session/unknown-404')).toBe('met');
    // A probe that did not report stays untested, never "met".
    expect(status(t, 'session/terminated-404')).toBe('not-tested');
    expect(status(t, 'tools/validate-inputs')).toBe('not-testable');
    // 2026-07-28 rules are not part of a 2025-11-25 table.
    expect(status(t, 'modern/discover')).toBeUndefined();
    expect(t?.must.failed).toBe(2);
    expect(t!.must.met + t!.must.failed + t!.must.notApplicable + t!.must.notTestable + t!.must.notTested).toBe(t!.requirements.filter((r) => r.level === 'MUST').length);
  });

  it('marks rules with nothing to apply to as not applicable', () => {
    const t = conformanceTable(report({ session: { issued: false }, tools: [] }), { outcomes: new Map(), evidence: new Map() });
    expect(status(t, 'session/id-visible-ascii')).toBe('not-applicable');
    expect(status(t, 'tools/input-schema-object')).toBe('not-applicable');
  });

  it('has no table when no era was reached', () => {
    expect(conformanceTable(report({ era: 'unknown', verdict: 'unreachable', protocolVersion: undefined }), undefined)).toBeUndefined();
  });

  it('names the step that shows each result: the probe row, the failing finding\'s row, or the core step', () => {
    const step = (id: string, group?: 'probe'): Report['steps'][number] => ({ id, name: id, status: 'ok', startMs: 0, latencyMs: 1, notes: '', ...(group ? { group } : {}) });
    const steps = [step('initialize'), step('initialize 2025-03-26'), step('ping'), step('tools/list'), step('tools/list #2'), step('probe: foreign Origin', 'probe')];
    const t = conformanceTable(report({ steps, findings: [{ id: 'S6', severity: 'warning', message: 'dup', stepId: 'tools/list #2' }] }), {
      outcomes: new Map<RequirementId, Outcome>([['transport/origin-validated', 'failed'], ['session/unknown-404', 'not-tested']]),
      evidence: new Map<RequirementId, string>([['transport/origin-validated', 'probe: foreign Origin']]),
    });
    const at = (id: string) => t?.requirements.find((r) => r.id === id)?.stepId;
    expect(at('transport/origin-validated')).toBe('probe: foreign Origin');
    expect(at('tools/name-unique')).toBe('tools/list #2');
    expect(at('lifecycle/ping')).toBe('ping');
    expect(at('jsonrpc/message-shape')).toBe('initialize');
    expect(at('tools/list-shape')).toBe('tools/list');
    // Nothing to point at for rows that were not judged.
    expect(at('session/unknown-404')).toBeUndefined();
    expect(at('tools/validate-inputs')).toBeUndefined();
    // A modern check's handshake is server/discover.
    const m = conformanceTable(report({ era: 'modern', protocolVersion: '2026-07-28', steps: [step('initialize'), step('server/discover'), step('tools/list (modern)')] }), undefined);
    expect(m?.requirements.find((r) => r.id === 'jsonrpc/message-shape')?.stepId).toBe('server/discover');
    expect(m?.requirements.find((r) => r.id === 'modern/caching-hints')?.stepId).toBe('tools/list (modern)');
  });
});
