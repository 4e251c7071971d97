// Two reports side by side: the verdict, the steps, the findings and the surface (tools and the
// rest, lib/monitor/drift.ts). One module for every door that compares: `mcp-health diff` and the
// monitors' drift events read the same differences.
import type { Report } from '../report/schema';
import { VERDICT_LABEL } from '../report/summary';
import { diffSurfaces, type Change } from './drift';
import { surfaceOf } from './surface';

export interface Comparison {
  verdict: { a: Report['verdict']; b: Report['verdict']; changed: boolean };
  /** Steps by id, with each side's status ("—" when the step is absent on that side). */
  steps: { id: string; a: string; b: string; changed: boolean }[];
  findings: { added: string[]; removed: string[] };
  surface: Change[];
  /** The tool catalogue fingerprints (report.toolsFingerprint), when both reports carry one. */
  toolsFingerprint?: { a: string; b: string; changed: boolean };
}

const findingKey = (f: Report['findings'][number]) => `${f.id} ${f.message}`;

export function compareReports(a: Report, b: Report): Comparison {
  const ids = [...new Set([...a.steps.map((s) => s.id), ...b.steps.map((s) => s.id)])];
  const status = (r: Report, id: string) => r.steps.find((s) => s.id === id)?.status ?? '—';
  const fa = new Set(a.findings.map(findingKey));
  const fb = new Set(b.findings.map(findingKey));
  const sa = surfaceOf(a);
  const sb = surfaceOf(b);
  return {
    verdict: { a: a.verdict, b: b.verdict, changed: a.verdict !== b.verdict },
    steps: ids.map((id) => ({ id, a: status(a, id), b: status(b, id), changed: status(a, id) !== status(b, id) })),
    findings: { added: [...fb].filter((k) => !fa.has(k)), removed: [...fa].filter((k) => !fb.has(k)) },
    surface: sa && sb ? diffSurfaces(sa, sb) : [],
    ...(a.toolsFingerprint && b.toolsFingerprint ? { toolsFingerprint: { a: a.toolsFingerprint, b: b.toolsFingerprint, changed: a.toolsFingerprint !== b.toolsFingerprint } } : {}),
  };
}

/** Plain text for a terminal: only what differs. */
export function formatComparison(c: Comparison): string {
  const lines: string[] = [];
  lines.push(c.verdict.changed ? `verdict: ${VERDICT_LABEL[c.verdict.a]} → ${VERDICT_LABEL[c.verdict.b]}` : `verdict: ${VERDICT_LABEL[c.verdict.a]} (same)`);
  const steps = c.steps.filter((s) => s.changed);
  if (steps.length) lines.push('steps:', ...steps.map((s) => `  ${s.id}: ${s.a} → ${s.b}`));
  if (c.findings.added.length || c.findings.removed.length) {
    lines.push('findings:', ...c.findings.added.map((f) => `  + ${f}`), ...c.findings.removed.map((f) => `  - ${f}`));
  }
  if (c.surface.length) lines.push('surface:', ...c.surface.map((s) => `  ${s.security ? '! ' : ''}${s.text}`));
  // Any change in it is listed under surface; the fingerprints let a reader match them to other reports.
  if (c.toolsFingerprint?.changed) lines.push(`tools fingerprint: ${c.toolsFingerprint.a} → ${c.toolsFingerprint.b}`);
  if (!steps.length && !c.findings.added.length && !c.findings.removed.length && !c.surface.length && !c.verdict.changed) lines.push('no differences');
  return `${lines.join('\n')}\n`;
}

/** Whether the two reports differ in anything `formatComparison` shows. */
export function differs(c: Comparison): boolean {
  return c.verdict.changed || c.steps.some((s) => s.changed) || c.findings.added.length > 0 || c.findings.removed.length > 0 || c.surface.length > 0;
}
