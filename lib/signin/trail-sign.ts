// The trail crosses the browser twice (the callback page hands it to the tab, the tab sends it with
// the check that uses the token), so it is signed like a report: the check accepts only a trail
// this app built, unchanged. Same key as reports, its own context string.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, signingKey } from '../report/sign';
import { Report } from '../report/schema';
import { summarizeReport } from '../report/summary';
import { dedupe, FlowTrail } from './trail';

const VERSION = 't1';
const CONTEXT = 'mcp-health oauth trail v1\n';

function mac(value: unknown, key: Buffer): Buffer {
  return createHmac('sha256', key).update(CONTEXT).update(canonicalJson(value)).digest();
}

export function signTrail(trail: FlowTrail, key: Buffer = signingKey()): string {
  return `${VERSION}.${mac(trail, key).toString('base64url')}`;
}

/** The trail, if `signature` is this app's over exactly this value; else undefined. */
export function verifyTrail(value: unknown, signature: unknown, key: Buffer = signingKey()): FlowTrail | undefined {
  if (typeof signature !== 'string' || !signature.startsWith(`${VERSION}.`)) return undefined;
  const given = Buffer.from(signature.slice(VERSION.length + 1), 'base64url');
  const expected = mac(value, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const parsed = FlowTrail.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The report with the trail in front of its own steps (they happened first) and the trail's
 * findings beside its own. Auth findings the report already has (it is AUTH again) are not doubled.
 * The headline is recomputed: the counts it quotes changed.
 */
export function mergeTrail(report: Report, trail: FlowTrail): Report {
  const ids = new Set(report.steps.map((s) => s.id));
  const steps = [...trail.steps.filter((s) => !ids.has(s.id)), ...report.steps];
  const findings = dedupe([...report.findings, ...trail.findings]);
  const merged = { ...report, steps, findings };
  return Report.parse({ ...merged, summary: summarizeReport(merged) });
}
