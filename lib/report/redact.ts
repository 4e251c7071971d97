// Secrets the person typed (header values) never reach a report, even when a server echoes them
// back in a body or a header.
const MASK = '«redacted»';

/** Values shorter than this are not secrets worth hunting for (and would mask ordinary words). */
const MIN_SECRET = 6;

export function secretVariants(values: string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const value = v.trim();
    if (value.length >= MIN_SECRET) {
      out.add(value);
      // As it appears inside a JSON string.
      out.add(JSON.stringify(value).slice(1, -1));
    }
    // The credential part of "Bearer <token>" / "Basic <b64>".
    const m = /^[A-Za-z][A-Za-z0-9-]*\s+(\S.*)$/.exec(value);
    if (m?.[1] && m[1].length >= MIN_SECRET) {
      out.add(m[1]);
      out.add(JSON.stringify(m[1]).slice(1, -1));
    }
  }
  // Longest first, so a token inside a longer value is not left half-masked.
  return [...out].sort((a, b) => b.length - a.length);
}

export function makeRedactor(values: string[]): (text: string) => string {
  const secrets = secretVariants(values);
  if (secrets.length === 0) return (t) => t;
  return (text: string) => {
    let out = text;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };
}
