import { describe, expect, it } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { summarizeReport, whoCanConnectSentence } from './summary';
import type { CompatRow } from './schema';

const row = (client: string, status: CompatRow['status']): CompatRow => ({ client, status, note: '' });
// What whoCanConnect gives a legacy-only server such as server-everything.
const LEGACY_ONLY = [
  row('2026-07-28 clients', 'no'),
  row('Clients offering 2025-11-25', 'yes'),
  row('Clients offering 2025-06-18', 'unknown'),
  row('Clients offering 2025-03-26', 'yes'),
  row('HTTP+SSE (2024-11-05) clients', 'no'),
];

describe('the headline', () => {
  it('says in plain words how many tools and which clients can connect', () => {
    const r = sampleReport({ tools: Array.from({ length: 13 }, (_, i) => ({ name: `t${i}` })), findings: [], compat: LEGACY_ONLY });
    expect(summarizeReport(r)).toBe('Healthy: 13 tools. Clients on 2025-11-25 and 2025-03-26 can connect; 2026-07-28 clients cannot.');
  });

  it('counts errors and warnings, and says when every client can connect', () => {
    const compat = [row('2026-07-28 clients', 'yes'), row('Clients offering 2025-11-25', 'warn'), row('HTTP+SSE (2024-11-05) clients', 'no')];
    const r = sampleReport({ compat });
    expect(summarizeReport(r)).toBe('Healthy: 2 tools, 1 warning. Clients on 2026-07-28 and 2025-11-25 can connect.');
  });

  it('WARN: speaks MCP but lists no tools', () => {
    const r = sampleReport({ verdict: 'partial', tools: [], findings: [], compat: LEGACY_ONLY });
    expect(summarizeReport(r)).toMatch(/^Partial: speaks MCP but lists no tools\. Clients on 2025-11-25 and 2025-03-26 can connect/);
  });

  it('leaves the sentence out when nothing connected, and names HTTP+SSE when only it works', () => {
    expect(whoCanConnectSentence(undefined)).toBe('');
    expect(whoCanConnectSentence([row('2026-07-28 clients', 'no'), row('Clients offering 2025-11-25', 'no'), row('HTTP+SSE (2024-11-05) clients', 'warn')])).toBe(
      'Clients on the old HTTP+SSE transport can connect; 2026-07-28 and 2025-11-25 clients cannot.',
    );
  });
});
