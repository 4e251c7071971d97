// What a person (or a script) may ask for: validated once, here, for every door (page, API, CLI).
import { z } from 'zod';

export { headersFromPairs } from './header-pairs';

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
      if (u.protocol === 'stdio:') {
        // A stdio target means starting a process: only the CLI does that, never the web app or the API.
        ctx.addIssue({ code: 'custom', message: 'A local server over stdio can only be checked from the command line (mcp-health check --stdio -- <command>): the web app never starts processes.' });
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
        .string({ error: 'A header value must be text.' })
        .max(LIMITS.headerValue, `A header value is longer than ${LIMITS.headerValue} characters.`)
        .regex(FIELD_VALUE, 'A header value may not contain line breaks or control characters.'),
      { error: 'Headers must be an object of "Name": "value" pairs.' },
    )
    .optional()
    .default({})
    .refine((h) => Object.keys(h).length <= LIMITS.headerCount, `At most ${LIMITS.headerCount} headers.`),
  probes: z
    .boolean({ error: '"probes" must be true or false.' })
    .optional()
    .describe('Send the conformance probes (foreign Origin, malformed requests, session probes) beside the check; default true. false gives a lighter check with fewer requirements tested.'),
});
export type CheckRequest = z.infer<typeof CheckRequest>;

/** `field` names the input an error is about, so a form can show it there. */
export type ParsedInput = { ok: true; value: CheckRequest } | { ok: false; error: string; field?: 'url' | 'headers' };

const NOT_AN_OBJECT = 'Send {"url": "https://…", "headers": {"Name": "value"}}.';

export function parseCheckRequest(input: unknown): ParsedInput {
  // Anything may arrive here (a server action's argument is whatever the browser sent).
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, error: NOT_AN_OBJECT };
  const r = CheckRequest.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const first = issue?.path[0];
  const at: { field?: 'url' | 'headers' } = first === 'url' || first === 'headers' ? { field: first } : {};
  // zod reports a bad record key as "Invalid key in record" with the key's own issues nested.
  if (issue?.code === 'invalid_key') {
    const key = String(issue.path[issue.path.length - 1] ?? '');
    return { ok: false, ...at, error: `"${key.slice(0, 40)}" is not a valid header name: ${issue.issues[0]?.message ?? 'use letters, digits and - only.'}` };
  }
  return { ok: false, ...at, error: issue?.message ?? 'Invalid input.' };
}

/** Arguments are JSON a person typed: bounded so a call body stays small. */
export const MAX_ARGUMENTS_CHARS = 64 * 1024;
/** Try a tool: which tool, with what arguments (every door: page, POST /api/call, the CLI). */
export const CallRequest = z.object({
  tool: z.string({ error: 'Name the tool to call.' }).min(1, 'Name the tool to call.').max(256, 'The tool name is longer than 256 characters.'),
  arguments: z
    .record(z.string(), z.unknown(), { error: 'Arguments must be a JSON object, e.g. {"city": "Paris"}.' })
    .default({})
    .refine((a) => (JSON.stringify(a)?.length ?? 0) <= MAX_ARGUMENTS_CHARS, `The arguments are larger than ${MAX_ARGUMENTS_CHARS / 1024} KB.`),
});
export type CallRequest = z.infer<typeof CallRequest>;
