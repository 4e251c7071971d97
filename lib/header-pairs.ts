// Header rows from a form or the CLI as a header object. Its own module, without zod, so the page's
// script can use it too (app/components/check-stream.ts).

/** Header rows (`Name: value`), empty rows dropped, later rows win. */
export function headersFromPairs(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    const name = k.trim();
    if (!name && !v.trim()) continue;
    out[name] = v.trim();
  }
  return out;
}
