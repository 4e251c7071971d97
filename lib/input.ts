// What a person (or a script) may ask for: validated once, here, for every door (page, API, CLI).
import { z } from 'zod';

export const LIMITS = {
  urlLength: 2048,
  headerCount: 20,
  headerName: 128,
  headerValue: 8192,
};

// RFC 9110 §5.1 field-name = token; §5.5 field-value: visible characters, spaces and tabs, no CR/LF/NUL.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export const CheckRequest = z.object({
  url: z
    .string({ error: 'Enter the URL of an MCP server.' })
    .trim()
    .min(1, 'Enter the URL of an MCP server.')
    .max(LIMITS.urlLength, `The URL is longer than ${LIMITS.urlLength} characters.`)
    .superRefine((value, ctx) => {
      // The URL parser silently drops tabs and line breaks; refuse them instead of guessing.
      if (/[\x00-\x1f\x7f]/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'The URL contains a line break or another control character.' });
        return;
      }
      let u: URL;
      try {
        u = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 80)}" is not a valid URL. Include the scheme, e.g. https://example.com/mcp` });
        return;
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: `Only http:// and https:// URLs can be checked (got ${u.protocol}).` });
      }
      // Credentials in a URL would be stored in the report and shown on shared pages.
      if (u.username || u.password) {
        ctx.addIssue({ code: 'custom', message: 'Remove the user name and password ("user:password@") from the URL. Send credentials in an Authorization header instead.' });
      }
    }),
  headers: z
    .record(
      z
        .string()
        .max(LIMITS.headerName, `A header name is longer than ${LIMITS.headerName} characters.`)
        .regex(TOKEN, 'A header name may only contain letters, digits and !#$%&\'*+.^_`|~-'),
      z
        .string()
        .max(LIMITS.headerValue, `A header value is longer than ${LIMITS.headerValue} characters.`)
        .regex(FIELD_VALUE, 'A header value may not contain line breaks or control characters.'),
    )
    .optional()
    .default({})
    .refine((h) => Object.keys(h).length <= LIMITS.headerCount, `At most ${LIMITS.headerCount} headers.`),
});
export type CheckRequest = z.infer<typeof CheckRequest>;

export type ParsedInput = { ok: true; value: CheckRequest } | { ok: false; error: string };

export function parseCheckRequest(input: unknown): ParsedInput {
  const r = CheckRequest.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  // zod reports a bad record key as "Invalid key in record" with the key's own issues nested.
  if (issue?.code === 'invalid_key') {
    const key = String(issue.path[issue.path.length - 1] ?? '');
    return { ok: false, error: `"${key.slice(0, 40)}" is not a valid header name: ${issue.issues[0]?.message ?? 'use letters, digits and - only.'}` };
  }
  return { ok: false, error: issue?.message ?? 'Invalid input.' };
}

/** Header rows from a form or CLI (`Name: value`), empty rows dropped, later rows win. */
export function headersFromPairs(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    const name = k.trim();
    if (!name && !v.trim()) continue;
    out[name] = v.trim();
  }
  return out;
}
