import { describe, expect, it } from 'vitest';
import { RULES } from '../findings';
import { REQUIREMENTS, type Requirement } from './requirements';
import suite from './suite-ids.json';

const all = REQUIREMENTS as readonly Requirement[];
const suiteIds = new Set<string>([...Object.values(suite.revisions).flatMap((r) => [...r.server, ...r.serverNotScored]), ...suite.serverChecks]);

describe('the requirement table', () => {
  it('has unique, stable-looking ids', () => {
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
  });

  it('reuses only ids that exist in the official conformance suite', () => {
    const unknown = all.flatMap((r) => (r.suite ?? []).filter((id) => !suiteIds.has(id)).map((id) => `${r.id} → ${id}`));
    expect(unknown).toEqual([]);
    // The data file holds what the suite lists per revision, e.g. the DNS-rebinding scenario both revisions score.
    expect(suite.revisions['2025-11-25'].server).toContain('dns-rebinding-protection');
    expect(suite.revisions['2026-07-28'].server).toContain('dns-rebinding-protection');
  });

  it('points every requirement at a spec section and at findings that exist', () => {
    for (const r of all) {
      expect(r.specUrl).toMatch(/^https:\/\/modelcontextprotocol\.io\/specification\/\d{4}-\d{2}-\d{2}\/.+/);
      for (const f of r.findings ?? []) expect(Object.keys(RULES)).toContain(f);
      // A requirement is judged one way: by a probe, by findings, or not at all (not testable).
      expect([r.probe, r.findings !== undefined, r.notTestable].filter(Boolean)).toHaveLength(1);
    }
  });
});
