import { describe, expect, it } from 'vitest';
import { groupSteps, isProbe } from './groups';
import type { Step } from './schema';

const step = (id: string, group?: Step['group']): Step => ({ id, name: id, status: 'ok', startMs: 0, latencyMs: 1, notes: '', ...(group ? { group } : {}) });

describe('core steps first, probes folded', () => {
  it('recognises the side probes by group, and by id in reports without groups', () => {
    expect(['cors-preflight', 'get-stream', 'initialize 2025-03-26', 'delete 2025-03-26'].every((id) => isProbe(step(id)))).toBe(true);
    expect(['server/discover', 'initialize', 'tools/list', 'delete', 'ping'].some((id) => isProbe(step(id)))).toBe(false);
    expect(isProbe(step('origin-probe', 'probe'))).toBe(true);
    // An explicit group wins over the id.
    expect(isProbe(step('get-stream', 'core'))).toBe(false);
  });

  it('keeps the order within each group and counts the probes\' findings', () => {
    const steps = [step('server/discover'), step('cors-preflight'), step('initialize'), step('get-stream'), step('tools/list'), step('x', 'auth')];
    const g = groupSteps(steps, [
      { id: 'C1', severity: 'info', message: '', stepId: 'cors-preflight' },
      { id: 'T12', severity: 'warning', message: '', stepId: 'get-stream' },
      { id: 'L4', severity: 'error', message: '', stepId: 'initialize' },
      { id: 'S6', severity: 'warning', message: '' },
    ]);
    expect(g.core.map((s) => s.id)).toEqual(['server/discover', 'initialize', 'tools/list', 'x']);
    expect(g.probes.map((s) => s.id)).toEqual(['cors-preflight', 'get-stream']);
    expect(g.probeFindings).toBe(2);
  });
});
