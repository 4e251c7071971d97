// The report as GitHub-flavoured Markdown: what `--format markdown` prints and what the GitHub
// Action writes to the job summary ($GITHUB_STEP_SUMMARY). Table syntax per
// https://github.github.com/gfm/#tables-extension-. Every string that came from the checked server
// (names, notes, messages, evidence) is escaped so it renders as text: a server cannot inject
// links, images, HTML or break the tables of someone's job summary.
import type { Finding, Report } from '../lib/report/schema';
import { notInspected, VERDICT_LABEL } from '../lib/report/summary';
import { RESULT_LABEL, sortedRequirements, tallyText } from '../lib/report/conformance';
import type { Outcome } from './exit';
import { formatMs } from './format';

const VERDICT_MARK: Record<Report['verdict'], string> = {
  healthy: '🟢',
  partial: '🟡',
  'auth-required': '🟣',
  unreachable: '🔴',
};

const SEVERITY_MARK: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** Text from a server, made inert: HTML and Markdown punctuation escaped, one line, capped. */
export function mdText(s: string, max = 300): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  const capped = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return capped
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]#|~])/g, '\\$1');
}

/** A URL we link to only when it is plain http(s); anything else is shown as text. */
function mdLink(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/[^\s()<>]+$/i.test(url)) return mdText(label);
  return `[${mdText(label)}](${url})`;
}

const RESULT_MARK: Partial<Record<keyof typeof RESULT_LABEL, string>> = { failed: '❌ ', met: '✅ ' };

/** The conformance section: the tally per level, then one row per requirement (failures first) linked to its spec section. */
export function conformanceMarkdown(c: NonNullable<Report['conformance']>, probes: boolean | undefined): string[] {
  const out = [`### Conformance to ${mdText(c.revision, 20)}`, '', `MUST: ${tallyText(c.must)}. SHOULD: ${tallyText(c.should)}.`, ''];
  if (probes === false) out.push('_Probes were off (--no-probes): the requirements only they test are not tested._', '');
  out.push('| Requirement | Level | Result | Step |', '|---|---|---|---|');
  for (const r of sortedRequirements(c)) {
    out.push(`| ${mdLink(r.id, r.specUrl)} | ${r.level} | ${RESULT_MARK[r.status] ?? ''}${RESULT_LABEL[r.status]} | ${r.stepId ? mdText(r.stepId, 80) : '—'} |`);
  }
  return out;
}

export function toMarkdown(report: Report, outcome: Outcome): string {
  const out: string[] = [];
  out.push(`## ${VERDICT_MARK[report.verdict]} ${VERDICT_LABEL[report.verdict]}: ${mdText(report.url)}`, '');
  out.push(mdText(report.summary, 1000), '');

  const facts: Array<[string, string]> = [
    ['Era', report.era],
    ['Protocol version', report.protocolVersion ?? '—'],
    ['Versions accepted', report.supportedVersions.join(', ') || '—'],
    ['Server', report.serverInfo ? `${report.serverInfo.name} ${report.serverInfo.version}` : '—'],
    ['Tools', notInspected(report) ? 'not listed' : String(report.tools.length)],
    ['Duration', formatMs(report.durationMs)],
    ['Checked at', report.checkedAt],
  ];
  out.push('| | |', '|---|---|', ...facts.map(([k, v]) => `| ${k} | ${mdText(v)} |`), '');

  out.push('### Steps', '', '| Step | Status | Latency | Notes |', '|---|---|--:|---|');
  for (const s of report.steps) {
    out.push(`| ${mdText(s.name, 80)} | ${s.status} | ${formatMs(s.latencyMs)} | ${mdText(s.notes, 200)} |`);
  }
  if (!report.steps.length) out.push('| (no steps ran) | | | |');
  out.push('');

  out.push('### Findings', '');
  if (!report.findings.length) out.push(notInspected(report) ?? 'None.');
  const order: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
  for (const f of [...report.findings].sort((a, b) => order[a.severity] - order[b.severity])) {
    const link = f.specUrl ? ` (${mdLink('spec', f.specUrl)})` : '';
    out.push(`- ${SEVERITY_MARK[f.severity]} **${mdText(f.id, 20)}** ${mdText(f.message, 500)}${link}`);
  }
  out.push('');

  if (report.conformance) out.push(...conformanceMarkdown(report.conformance, report.probes), '');

  if (report.tools.length) {
    const shown = report.tools.slice(0, 50);
    out.push(`### Tools (${report.tools.length})`, '', shown.map((t) => `\`${t.name.replace(/[`\s]+/g, ' ')}\``).join(', '));
    if (report.tools.length > shown.length) out.push(`… and ${report.tools.length - shown.length} more`);
    out.push('');
  }
  if (outcome.code !== 0) out.push(`**Exit ${outcome.code}:** ${mdText(outcome.reason, 500)}`, '');
  return `${out.join('\n')}\n`;
}
