// Parsing JSON from servers we do not trust. JSON.parse itself copes with deep nesting, but
// everything after it that walks the value recursively (zod, JSON.stringify for the report,
// React rendering an input schema) would overflow the stack. No MCP message needs more than a few
// dozen levels, so anything deeper is refused before it is parsed.

export const MAX_JSON_DEPTH = 128;

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/** The deepest nesting of arrays and objects in `text`, stopping early once past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string in one native search for its closing quote: a quote is escaped when an odd
      // number of backslashes stands before it. Stepping through a string a character at a time was
      // the largest cost of reading an endless event stream (docs/benchmarks.md, part 3).
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return max; // never closed: JSON.parse refuses it
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c /* \ */) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return max;
}

export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  if (jsonDepth(text, maxDepth) > maxDepth) {
    return { ok: false, reason: `it is nested more than ${maxDepth} levels deep` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
}
