// Shared helpers for the peer servers. Plain ESM, no transpile step.
// Every peer: binds 127.0.0.1 on port 0, prints `LISTENING <port>` once ready,
// and exits when its parent goes away (stdin closes), so a crashed test run
// leaves no orphans behind.
import { z } from 'zod';

/** `--tools=N` (default 3). */
export function toolCount() {
  const arg = process.argv.find((a) => a.startsWith('--tools='));
  const n = arg === undefined ? 3 : Number(arg.slice('--tools='.length));
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad --tools value: ${arg}`);
  return n;
}

/** `--flag=value` lookup. */
export function argValue(name, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : arg.slice(name.length + 3);
}

const text = (t) => ({ content: [{ type: 'text', text: t }] });

/**
 * The tool set every peer registers: distinct names, descriptions and input
 * schemas; annotations on some. `shape` is a zod raw shape (SDK v1 style);
 * `schema` is the same wrapped in z.object (Standard Schema style).
 */
export function toolSpecs(n) {
  const base = [
    {
      name: 'get_forecast',
      title: 'Forecast',
      description: 'Return a canned weather forecast for a city.',
      shape: {
        city: z.string().describe('City name'),
        days: z.number().int().min(1).max(7).optional().describe('Number of days (1-7)'),
      },
      annotations: { title: 'Weather forecast', readOnlyHint: true, openWorldHint: false },
      run: (a) => text(`Forecast for ${String(a.city)}: sunny for ${String(a.days ?? 1)} day(s).`),
    },
    {
      name: 'add_numbers',
      title: 'Add',
      description: 'Add two numbers and return the sum.',
      shape: { a: z.number().describe('First addend'), b: z.number().describe('Second addend') },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      run: (a) => text(String(Number(a.a) + Number(a.b))),
    },
    {
      name: 'delete_note',
      title: 'Delete note',
      description: 'Pretend to delete a note by id (nothing is stored).',
      shape: { id: z.string().describe('Note id'), force: z.boolean().optional().describe('Skip confirmation') },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
      run: (a) => text(`Deleted note ${String(a.id)}.`),
    },
  ];
  const out = [];
  for (let i = 0; i < n; i++) {
    const b = base[i];
    if (b !== undefined) out.push(b);
    else
      out.push({
        name: `echo_${i + 1}`,
        title: `Echo ${i + 1}`,
        description: `Echo the given text back (extra tool #${i + 1}).`,
        shape: { text: z.string().describe('Text to echo') },
        annotations: undefined,
        run: (a) => text(String(a.text)),
      });
  }
  return out.map((t) => ({ ...t, schema: z.object(t.shape) }));
}

/** Exit when the parent process dies (our stdin pipe closes). */
export function exitWithParent() {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => process.exit(0));
}

/** Print the readiness line the harness waits for. */
export function announce(server) {
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('server has no TCP address');
  process.stdout.write(`LISTENING ${addr.port}\n`);
}

/** Read a Node request body as text. */
export async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
