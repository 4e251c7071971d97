// "Copy as curl" for a recorded request. The recorded headers are already masked (••••••), and a
// mask pasted into a shell would be sent literally: each masked value becomes a shell variable
// ($MCP_TOKEN for Authorization), double-quoted so the shell expands it, with a comment line that
// says what to export first. The person's secrets are never in the command.
import { MASK } from '../header-registry';
import type { WireRequest } from './schema';

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Inside POSIX double quotes only these four keep a meaning: escape them. */
function dquoteText(s: string): string {
  return s.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/** The variable a masked header's value goes into: $MCP_TOKEN for Authorization, $MCP_X_API_KEY for X-Api-Key. */
export function placeholderFor(headerName: string): string {
  const n = headerName.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') return 'MCP_TOKEN';
  const word = headerName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
  return word.startsWith('MCP_') ? word : `MCP_${word}`;
}

export function toCurl(req: WireRequest): string {
  const parts = ['curl', '-sS', '-i'];
  const vars = new Map<string, string>();
  if (req.method !== 'GET') parts.push('-X', req.method);
  for (const [k, v] of req.headers) {
    if (k.toLowerCase() === 'user-agent' || k.toLowerCase() === 'content-length') continue;
    const at = v.indexOf(MASK);
    if (at === -1) {
      parts.push('-H', shellQuote(`${k}: ${v}`));
      continue;
    }
    // "Bearer ••••••" keeps its scheme: "Bearer $MCP_TOKEN".
    const name = placeholderFor(k);
    vars.set(name, k);
    parts.push('-H', `"${dquoteText(`${k}: ${v.slice(0, at)}`)}$${name}${dquoteText(v.slice(at + MASK.length))}"`);
  }
  if (req.body !== undefined) parts.push('--data-raw', shellQuote(req.body));
  parts.push(shellQuote(req.url));
  const comments = [...vars].map(([name, header]) => `# export ${name}='…'   # your ${header} value (not included here)`);
  return [...comments, parts.join(' ')].join('\n');
}
