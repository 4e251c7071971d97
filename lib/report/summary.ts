// The one sentence a person reads first.
import type { Report } from './schema';
import { rejectionSentence } from '../auth/rejection';

export const VERDICT_LABEL: Record<Report['verdict'], string> = {
  healthy: 'GOOD',
  partial: 'WARN',
  'auth-required': 'AUTH',
  unreachable: 'DOWN',
};

export function summarizeReport(r: Omit<Report, 'summary'>): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.filter((f) => f.severity === 'warning').length;
  const issues = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '']
    .filter(Boolean)
    .join(', ');
  const tail = issues ? `, ${issues}` : '';
  const versions = r.supportedVersions.length ? r.supportedVersions.join(' and ') : r.protocolVersion ?? '';
  const tools = `${r.tools.length} tool${r.tools.length === 1 ? '' : 's'}`;
  switch (r.verdict) {
    case 'healthy':
      return `Healthy: ${tools}, ${versions}${tail}.`;
    case 'partial':
      if (r.era === 'http+sse') return `Partial: only the deprecated HTTP+SSE transport works (${tools})${tail}.`;
      return `Partial: speaks MCP (${versions}) but ${r.tools.length === 0 ? 'lists no tools' : 'tools/list failed'}${tail}.`;
    case 'auth-required':
      if (r.auth?.rejected) return rejectionSentence(r.auth.rejected, r.auth.status);
      return 'Needs credentials: the server answered 401. Add a token and run the check again.';
    case 'unreachable': {
      const failed = r.steps.find((s) => s.status === 'error' && s.error) ?? r.steps.find((s) => s.error);
      return `Down: ${failed?.error?.message ?? 'no valid MCP answer came back.'}`;
    }
  }
}
