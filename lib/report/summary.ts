// The one sentence (two, when it helps) a person reads first: the verdict in plain words, then who
// can connect, e.g. "Healthy: 13 tools. Clients on 2025-11-25 and 2025-03-26 can connect;
// 2026-07-28 clients cannot."
import type { CompatRow, Report } from './schema';
import { rejectionSentence } from './rejection';

export const VERDICT_LABEL: Record<Report['verdict'], string> = {
  healthy: 'GOOD',
  partial: 'WARN',
  'auth-required': 'AUTH',
  unreachable: 'DOWN',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "a", "a and b", "a, b and c". */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The revision a compat row is about ("2026-07-28 clients", "Clients offering 2025-06-18"); none for HTTP+SSE. */
function revisionOf(row: CompatRow): string | undefined {
  if (/HTTP\+SSE/i.test(row.client)) return undefined;
  return /\d{4}-\d{2}-\d{2}/.exec(row.client)?.[0];
}

/** "Clients on A and B can connect; C clients cannot." from the "who can connect" rows; '' without them. */
export function whoCanConnectSentence(rows: CompatRow[] | undefined): string {
  if (!rows?.length) return '';
  const can: string[] = [];
  const cannot: string[] = [];
  for (const row of rows) {
    const rev = revisionOf(row);
    if (!rev) continue;
    if (row.status === 'yes' || row.status === 'warn') can.push(rev);
    else if (row.status === 'no') cannot.push(rev);
  }
  const sse = rows.find((r) => /HTTP\+SSE/i.test(r.client) && (r.status === 'yes' || r.status === 'warn'));
  if (sse) can.push('the old HTTP+SSE transport');
  if (!can.length) return cannot.length ? `Clients on ${listWords(cannot)} cannot connect.` : '';
  const first = `Clients on ${listWords(can)} can connect`;
  return cannot.length ? `${first}; ${listWords(cannot)} clients cannot.` : `${first}.`;
}

export function summarizeReport(r: Omit<Report, 'summary'>): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  const issues = [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
  const tail = issues ? `, ${issues}` : '';
  const tools = plural(r.tools.length, 'tool');
  const who = whoCanConnectSentence(r.compat);
  const then = who ? ` ${who}` : '';
  switch (r.verdict) {
    case 'healthy':
      return `Healthy: ${tools}${tail}.${then}`;
    case 'partial':
      {
        const rejected = r.findings.find((f) => f.id === 'S21' || f.id === 'S14' || f.id === 'M15');
        if (rejected) return `Partial: ${rejected.message}`;
      }
      if (r.era === 'http+sse') return `Partial: only the deprecated HTTP+SSE transport works (${tools})${tail}.`;
      return `Partial: speaks MCP but ${r.tools.length === 0 ? 'lists no tools' : 'tools/list failed'}${tail}.${then}`;
    case 'auth-required':
      if (r.auth?.rejected) return rejectionSentence(r.auth.rejected, r.auth.status);
      return 'Needs credentials: the server answered 401. Add a token and run the check again.';
    case 'unreachable': {
      const failed = r.steps.find((s) => s.status === 'error' && s.error) ?? r.steps.find((s) => s.error);
      return `Down: ${failed?.error?.message ?? 'no valid MCP answer came back.'}`;
    }
  }
}

/**
 * What a DOWN or AUTH report could not look at. Nothing past the failure answered, so "no
 * deviations" or "0 tools" would be a claim about a server nobody inspected: every door says this
 * instead (page, CLI text, Markdown).
 */
export function notInspected(r: Pick<Report, 'verdict'>): string | undefined {
  if (r.verdict === 'unreachable') return 'Nothing answered as an MCP server, so there was nothing to inspect.';
  if (r.verdict === 'auth-required') return 'The server needs credentials: nothing behind its sign-in was inspected.';
  return undefined;
}
