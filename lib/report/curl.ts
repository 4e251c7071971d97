// "Copy as curl" for a recorded request. The recorded headers are already masked, so the command
// carries placeholders, never the person's secrets.
import type { WireRequest } from './schema';

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(req: WireRequest): string {
  const parts = ['curl', '-sS', '-i'];
  if (req.method !== 'GET') parts.push('-X', req.method);
  for (const [k, v] of req.headers) {
    if (k.toLowerCase() === 'user-agent' || k.toLowerCase() === 'content-length') continue;
    parts.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (req.body !== undefined) parts.push('--data-raw', shellQuote(req.body));
  parts.push(shellQuote(req.url));
  return parts.join(' ');
}
