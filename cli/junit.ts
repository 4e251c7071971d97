// JUnit XML for CI test reporters (Jenkins, GitLab, GitHub test-report actions), in the common
// Ant/Surefire shape: <testsuites> of <testsuite>s of <testcase>s with <failure>/<skipped>.
//
// Up to four suites: "verdict" (one case that fails exactly when the exit code is non-zero, so the
// file and the exit code never disagree about the run), "steps" (one case per step: an errored step
// is a failure, a skipped one is skipped), "findings" (one case per finding: error-level ones are
// failures, warnings and infos pass with their message in <system-out>) and, when the report has a
// conformance section, "conformance" (one case per requirement, named by its stable id: a failed
// MUST is a failure, and a failed SHOULD too under --fail-on should; not applicable, not testable and
// not tested are skipped with that reason; a failed SHOULD otherwise passes with "Fail" in <system-out>).
import type { Report } from '../lib/report/schema';
import type { Outcome } from './exit';
import { RESULT_LABEL } from '../lib/report/conformance';

interface Case {
  name: string;
  classname: string;
  timeS: number;
  failure?: { message: string; type: string; text: string };
  skipped?: string;
  out?: string;
}

// XML 1.0 §2.2 Char: anything else (NUL, most C0 controls, lone surrogates) cannot appear even escaped.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values: also keep line breaks, which attribute normalisation would turn into spaces. */
function attr(s: string): string {
  return xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function suite(name: string, cases: Case[], timestamp: string, properties: Array<[string, string]> = []): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = cases.reduce((t, c) => t + c.timeS, 0);
  const lines = [`  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${timestamp}">`];
  if (properties.length) {
    lines.push('    <properties>');
    for (const [k, v] of properties) lines.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
    lines.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${c.timeS.toFixed(3)}"`;
    const body: string[] = [];
    if (c.failure) body.push(`      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${xmlEscape(c.failure.text)}</failure>`);
    if (c.skipped !== undefined) body.push(`      <skipped message="${attr(c.skipped)}"/>`);
    if (c.out) body.push(`      <system-out>${xmlEscape(c.out)}</system-out>`);
    lines.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

export function toJUnit(report: Report, outcome: Outcome, failOn?: 'must' | 'should'): string {
  // The Ant schema's timestamp is an ISO 8601 date-time without a zone; checkedAt is UTC.
  const timestamp = report.checkedAt.replace(/\.\d+Z$|Z$/, '');
  const verdict: Case = {
    name: `verdict: ${report.url}`,
    classname: 'mcp-health',
    timeS: report.durationMs / 1000,
    out: report.summary,
    ...(outcome.code !== 0 ? { failure: { message: outcome.reason, type: report.verdict === 'healthy' ? 'strict' : report.verdict, text: `${report.summary}\nexit code ${outcome.code}` } } : {}),
  };
  const steps: Case[] = report.steps.map((s) => ({
    // The id is unique within a report (tools/list#2); the name is what a person recognises.
    name: s.id === s.name ? s.name : `${s.name} [${s.id}]`,
    classname: `mcp-health.steps${s.era ? `.${s.era}` : ''}`,
    timeS: s.latencyMs / 1000,
    ...(s.status === 'error'
      ? { failure: { message: s.notes || s.error?.message || 'step failed', type: s.error?.code ?? 'error', text: stepText(s) } }
      : s.status === 'skipped'
        ? { skipped: s.notes || 'skipped' }
        : { out: `${s.status}${s.notes ? `: ${s.notes}` : ''}` }),
  }));
  const findings: Case[] = report.findings.map((f) => {
    const detail = [f.message, f.evidence ? `seen: ${f.evidence}` : '', f.stepId ? `step: ${f.stepId}` : '', f.specUrl ?? ''].filter(Boolean).join('\n');
    return {
      name: `${f.id}: ${f.message}`,
      classname: `mcp-health.findings.${f.severity}`,
      timeS: 0,
      ...(f.severity === 'error' ? { failure: { message: f.message, type: f.id, text: detail } } : { out: `${f.severity}: ${detail}` }),
    };
  });
  const properties: Array<[string, string]> = [
    ['url', report.url],
    ['verdict', report.verdict],
    ['era', report.era],
    ['exitCode', String(outcome.code)],
    ...(report.protocolVersion ? ([['protocolVersion', report.protocolVersion]] as Array<[string, string]>) : []),
    ['tools', String(report.tools.length)],
  ];
  const conformance: Case[] = (report.conformance?.requirements ?? []).map((r) => {
    const detail = [`${r.level} ${RESULT_LABEL[r.status]}`, r.stepId ? `step: ${r.stepId}` : '', r.specUrl, r.suiteIds?.length ? `official conformance suite: ${r.suiteIds.join(', ')}` : ''].filter(Boolean).join('\n');
    const fails = r.status === 'failed' && (r.level === 'MUST' || failOn === 'should');
    return {
      name: `${r.id} (${r.level})`,
      classname: `mcp-health.conformance.${report.conformance!.revision}`,
      timeS: 0,
      ...(fails
        ? { failure: { message: `${r.level} ${r.id} failed`, type: r.level, text: detail } }
        : r.status === 'met' || r.status === 'failed'
          ? { out: detail }
          : { skipped: RESULT_LABEL[r.status] }),
    };
  });
  const all = [verdict, ...steps, ...findings, ...conformance];
  const failures = all.filter((c) => c.failure).length;
  const skipped = all.filter((c) => c.skipped !== undefined).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mcp-health" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    suite('mcp-health verdict', [verdict], timestamp, properties),
    suite('mcp-health steps', steps, timestamp),
    suite('mcp-health findings', findings, timestamp),
    ...(report.conformance ? [suite('mcp-health conformance', conformance, timestamp, [['revision', report.conformance.revision]])] : []),
    '</testsuites>',
    '',
  ].join('\n');
}

function stepText(s: Report['steps'][number]): string {
  const req = s.request ? `${s.request.method} ${s.request.url}` : '';
  const res = s.response?.status === undefined ? (s.response ? 'stdout' : 'no response') : `HTTP ${s.response.status}${s.response.contentType ? ` ${s.response.contentType}` : ''}`;
  return [s.notes, req, res].filter(Boolean).join('\n');
}
