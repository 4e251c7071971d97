// `mcp-health diff a.json b.json`: two saved reports (from --json or the API) compared with the
// same module the monitors use (lib/monitor/compare). Exit 0 when they match, 1 when they differ.
import { readFile } from 'node:fs/promises';
import { compareReports, differs, formatComparison } from '../lib/monitor/compare';
import { Report } from '../lib/report/schema';
import { EXIT } from './exit';

interface Out {
  write(chunk: string): unknown;
}

async function load(path: string): Promise<{ ok: true; report: Report } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, error: `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `${path} is not JSON` };
  }
  // Either a bare report (--json) or an API answer that carries one ({"report": …}).
  const candidate = value && typeof value === 'object' && 'report' in value ? (value as { report: unknown }).report : value;
  const parsed = Report.safeParse(candidate);
  return parsed.success ? { ok: true, report: parsed.data } : { ok: false, error: `${path} is not an mcp-health report (${parsed.error.issues[0]?.message ?? 'schema mismatch'})` };
}

export async function runDiff(a: string, b: string, io: { stdout: Out; stderr: Out }): Promise<number> {
  const [ra, rb] = await Promise.all([load(a), load(b)]);
  for (const r of [ra, rb]) {
    if (!r.ok) {
      io.stderr.write(`mcp-health: ${r.error}\n`);
      return EXIT.usage;
    }
  }
  if (!ra.ok || !rb.ok) return EXIT.usage;
  const c = compareReports(ra.report, rb.report);
  io.stdout.write(formatComparison(c));
  return differs(c) ? 1 : 0;
}
