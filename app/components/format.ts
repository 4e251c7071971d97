/** Pretty-print a JSON body; anything else is shown as it came. */
export function prettyBody(body: string, contentType: string | undefined): string {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  if (t === 'application/json' || t?.endsWith('+json') || body.trimStart().startsWith('{')) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  return body;
}

/** Shared by the server-rendered ReportView and the client StepTable, so it lives in neither. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}
