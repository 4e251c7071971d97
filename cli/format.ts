// What a person reads in a terminal: verdict, step table, findings, tools. Plain text that a CI log
// keeps readable; colour only when the caller says the stream is a terminal and NO_COLOR is unset.
import type { Conformance, Finding, Report, Step } from '../lib/report/schema';
import { notInspected, VERDICT_LABEL } from '../lib/report/summary';
import type { Outcome } from './exit';
import type { AuthReport } from '../lib/report/auth';
import { RESULT_LABEL, sortedRequirements, tallyText, type RequirementStatus } from '../lib/report/conformance';
import { describeRejection } from '../lib/report/rejection';
import { blockingProblem } from '../lib/signin/preflight';

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta';
const SGR: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  magenta: [35, 39],
};

export type Paint = (text: string, ...styles: Style[]) => string;

export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) => styles.reduce((t, s) => `\x1b[${SGR[s][0]}m${t}\x1b[${SGR[s][1]}m`, text);
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; TERM=dumb cannot show it. */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

const VERDICT_STYLE: Record<Report['verdict'], Style> = {
  healthy: 'green',
  partial: 'yellow',
  'auth-required': 'magenta',
  unreachable: 'red',
};

const STATUS_STYLE: Record<Step['status'], Style> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  info: 'cyan',
  skipped: 'dim',
};

const SEVERITY_STYLE: Record<Finding['severity'], Style> = {
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
};

export interface FormatOptions {
  paint: Paint;
  /** Terminal width; notes are cut to fit it. Undefined (a pipe, a CI log): nothing is cut. */
  columns?: number;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

function cut(text: string, width: number | undefined): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (width === undefined || oneLine.length <= width) return oneLine;
  return width <= 1 ? '' : `${oneLine.slice(0, width - 1)}…`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatReport(report: Report, outcome: Outcome, opts: FormatOptions): string {
  const { paint, columns } = opts;
  const out: string[] = [];

  out.push(`${paint(` ${VERDICT_LABEL[report.verdict]} `, 'bold', VERDICT_STYLE[report.verdict])} ${report.summary}`);
  const facts = [
    report.url,
    `era ${report.era}`,
    report.protocolVersion ? `protocol ${report.protocolVersion}` : '',
    report.serverInfo ? `server ${report.serverInfo.name} ${report.serverInfo.version}` : '',
    formatMs(report.durationMs),
  ].filter(Boolean);
  out.push(paint(facts.join(' | '), 'dim'), '');

  // Step table. Cells are padded before painting so escape codes never skew the columns.
  const nameW = Math.min(36, Math.max(4, ...report.steps.map((s) => s.name.length)));
  const eraW = Math.max(3, ...report.steps.map((s) => (s.era ?? '').length));
  const statusW = 7;
  const latW = 8;
  const notesW = columns === undefined ? undefined : Math.max(20, columns - (2 + nameW + 2 + eraW + 2 + statusW + 2 + latW + 2));
  out.push(paint(`  ${pad('STEP', nameW)}  ${pad('ERA', eraW)}  ${pad('STATUS', statusW)}  ${pad('LATENCY', latW, true)}  NOTES`, 'bold'));
  for (const s of report.steps) {
    const notes = s.error && !s.notes.startsWith(s.error.code) ? `${s.error.code}: ${s.notes || s.error.message}` : s.notes;
    out.push(
      `  ${pad(cut(s.name, nameW), nameW)}  ${paint(pad(s.era ?? '', eraW), 'dim')}  ${paint(pad(s.status, statusW), STATUS_STYLE[s.status])}  ${pad(formatMs(s.latencyMs), latW, true)}  ${cut(notes, notesW)}`,
    );
  }
  if (!report.steps.length) out.push(paint('  (no steps ran)', 'dim'));
  out.push('');

  const count = (sev: Finding['severity']) => report.findings.filter((f) => f.severity === sev).length;
  if (report.findings.length) {
    const tally = (['error', 'warning', 'info'] as const)
      .map((sev) => (count(sev) ? `${count(sev)} ${sev}${count(sev) === 1 ? '' : 's'}` : ''))
      .filter(Boolean)
      .join(', ');
    out.push(paint(`Findings: ${tally}`, 'bold'));
    const order: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
    for (const f of [...report.findings].sort((a, b) => order[a.severity] - order[b.severity])) {
      const where = f.stepId ? paint(` (step ${f.stepId})`, 'dim') : '';
      out.push(`  ${paint(pad(f.severity, 7), SEVERITY_STYLE[f.severity])}  ${pad(f.id, 4)}  ${f.message}${where}`);
      if (f.evidence) out.push(paint(`           ${pad('', 4)}  seen: ${f.evidence}`, 'dim'));
      if (f.specUrl) out.push(paint(`           ${pad('', 4)}  ${f.specUrl}`, 'dim'));
    }
  } else {
    out.push(`${paint('Findings:', 'bold')} ${notInspected(report) ?? 'none'}`);
  }
  out.push('');

  if (report.conformance) out.push(...formatConformance(report.conformance, report.probes, paint, columns), '');

  if (report.auth) out.push(...formatAuth(report.auth, report.url, paint), '');

  const names = report.tools.map((t) => t.name);
  const shown = names.slice(0, 12).join(', ');
  if (notInspected(report)) out.push(`${paint('Tools:', 'bold')} not listed`);
  else out.push(`${paint('Tools:', 'bold')} ${names.length}${names.length ? ` (${shown}${names.length > 12 ? `, and ${names.length - 12} more` : ''})` : ''}`);

  if (outcome.code !== 0) out.push('', paint(`Exit ${outcome.code}: ${outcome.reason}`, 'bold', outcome.code === 4 ? 'red' : VERDICT_STYLE[report.verdict]));
  return `${out.join('\n')}\n`;
}

const RESULT_STYLE: Record<RequirementStatus, Style> = { met: 'green', failed: 'red', 'not-tested': 'dim', 'not-applicable': 'dim', 'not-testable': 'dim' };

/** Per requirement of the revision the check used: level, result and the step that shows it. */
export function formatConformance(c: Conformance, probes: boolean | undefined, paint: Paint, columns: number | undefined): string[] {
  const out = [paint(`Conformance to ${c.revision}:`, 'bold') + ` MUST ${tallyText(c.must)}; SHOULD ${tallyText(c.should)}`];
  if (probes === false) out.push(paint('  (probes were off: the rules only they test are not tested)', 'dim'));
  const rows = sortedRequirements(c);
  const idW = Math.min(40, Math.max(11, ...rows.map((r) => r.id.length)));
  const resultW = Math.max(...rows.map((r) => RESULT_LABEL[r.status].length));
  const stepW = columns === undefined ? undefined : Math.max(12, columns - (2 + idW + 2 + 6 + 2 + resultW + 2));
  out.push(paint(`  ${pad('REQUIREMENT', idW)}  ${pad('LEVEL', 6)}  ${pad('RESULT', resultW)}  STEP`, 'bold'));
  for (const r of rows) {
    out.push(`  ${pad(cut(r.id, idW), idW)}  ${pad(r.level, 6)}  ${paint(pad(RESULT_LABEL[r.status], resultW), RESULT_STYLE[r.status])}  ${r.stepId ? cut(r.stepId, stepW) : paint('—', 'dim')}`);
  }
  return out;
}

const PURPOSE: Record<AuthReport['trail'][number]['purpose'], string> = {
  prm: 'resource metadata',
  'as-metadata': 'authorization server metadata',
  'legacy-as-metadata': '2025-03-26 metadata',
};

/** The AUTH callout's facts in a terminal: who authorizes, what was tried, what to do next. */
export function formatAuth(auth: AuthReport, url: string, paint: Paint): string[] {
  const out = [paint('Authorization:', 'bold')];
  const as = auth.authorizationServer;
  const via =
    auth.authorizationServerSource === 'legacy-defaults'
      ? ' (2025-03-26 discovery, default endpoints)'
      : auth.authorizationServerSource === 'legacy-metadata'
        ? ' (2025-03-26 discovery)'
        : '';
  out.push(`  server    ${as ? `${as.issuer}${via}` : 'none found'}`);
  if (as?.authorization_endpoint) out.push(paint(`            authorize ${as.authorization_endpoint}`, 'dim'));
  if (as?.token_endpoint) out.push(paint(`            token     ${as.token_endpoint}`, 'dim'));
  out.push(`  scopes    ${auth.scopes.length ? auth.scopes.join(' ') : 'none requested'}`);
  if (auth.resourceMetadata) out.push(`  resource  ${auth.resourceMetadata.resource}${auth.resourceMatch === 'error' ? ' (does not match the MCP URL)' : ''}`);
  if (auth.rejected) out.push(`  rejected  ${describeRejection(auth.rejected, auth.status)}`);
  out.push('  metadata URLs tried:');
  if (auth.trail.length === 0) out.push(paint('    (none)', 'dim'));
  for (const t of auth.trail) {
    const status = pad(t.status !== undefined ? String(t.status) : t.outcome, 9);
    out.push(`    ${paint(status, t.outcome === 'ok' ? 'green' : 'dim')} ${t.url}  ${paint(`${PURPOSE[t.purpose]}: ${t.note}`, 'dim')}`);
  }
  const blocked = blockingProblem(auth, url);
  const header = '--header "Authorization: Bearer <token>"';
  const next = auth.rejected?.error === 'insufficient_scope'
    ? `Get a token that carries ${auth.rejected.scope ? `the scope "${auth.rejected.scope}"` : 'the scope the server needs'}${as ? ` from ${as.issuer}` : ''}, then run again with ${header}.`
    : blocked !== undefined
      ? `${blocked} Run again with ${header} if you have a token.`
      : `Get a token from ${as?.issuer ?? 'the authorization server'} (the web app's "Get a token" does it in a browser), then run again with ${header}.`;
  out.push(`  next      ${next}`);
  return out;
}

/** The one line shown (and rewritten) on a terminal's stderr while steps run. */
/** `verdict`: known before the clean-up ends (the engine's onVerdict), shown from then on. */
export function progressLine(url: string, done: Step[], columns: number | undefined, paint: Paint, verdict?: Report['verdict']): string {
  const last = done[done.length - 1];
  const known = verdict ? `${VERDICT_LABEL[verdict]}, finishing; ` : '';
  const text = last
    ? `Checking ${url}: ${known}${done.length} step${done.length === 1 ? '' : 's'} done, last ${last.name} (${formatMs(last.latencyMs)})`
    : `Checking ${url} ...`;
  return paint(cut(text, columns === undefined ? undefined : Math.max(10, columns - 1)), 'dim');
}
