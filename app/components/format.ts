import { MAX_JSON_DEPTH, jsonDepth } from '@/lib/mcp/json';

/** Pretty-print a JSON body; anything else is shown as it came. */
export function prettyBody(body: string, contentType: string | undefined): string {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  // A hostile body nested thousands deep would overflow the stack in JSON.stringify: show it as it came.
  if ((t === 'application/json' || t?.endsWith('+json') || body.trimStart().startsWith('{')) && jsonDepth(body, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  return body;
}

/**
 * Shared by the server-rendered ReportView and the client StepTable, so it lives in neither. A
 * no-break space joins number and unit, so "5 ms" never splits across two lines on a phone.
 */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}\u00a0s`;
  return `${Math.round(ms)}\u00a0ms`;
}

/** The fragment id of a step's row in the step table (the conformance table links to it). */
export function stepAnchor(stepId: string): string {
  return `step-${stepId.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '')}`;
}
