import { describe, expect, it } from 'vitest';
import { sampleReport } from '@/e2e/support/sample-report';
import { compareReports, differs, formatComparison } from './compare';

describe('compareReports', () => {
  it('marks what differs: verdict, steps, findings and tools', () => {
    const a = sampleReport();
    const b = sampleReport({
      verdict: 'partial',
      tools: [a.tools[0]!],
      findings: [],
      steps: a.steps.map((s, i) => (i === 0 ? { ...s, status: 'error' as const } : s)),
    });
    const c = compareReports(a, b);
    expect(differs(c)).toBe(true);
    expect(formatComparison(c)).toBe(
      ['verdict: GOOD → WARN', 'steps:', `  ${a.steps[0]!.id}: ${a.steps[0]!.status} → error`, 'findings:', '  - L4 ping is not answered', 'surface:', '  ! tool `fetch` removed', ''].join('\n'),
    );
    expect(differs(compareReports(a, sampleReport()))).toBe(false);
    expect(formatComparison(compareReports(a, sampleReport()))).toBe('verdict: GOOD (same)\nno differences\n');
  });
});
