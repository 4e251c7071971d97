// The OAuth trail: every step of getting a token, as rows of the same step table as the MCP steps
// (group `auth`), each with the exact request and response. Secrets never enter a row: the code,
// the state, the PKCE verifier, tokens and client secrets are masked by name before a row is
// built, and `scrubTrail` replaces any of their values that a server echoed elsewhere.
import { z } from 'zod';
import { Finding, Step, type HeaderList, type Report } from '../report/schema';
import { isCredentialHeader, MASK, maskValue } from '../header-registry';
import type { OutboundHandle } from '../net/outbound';
import { post, type HttpAnswer } from './http';

/** What travels with a sign-in, from "Get a token" through the callback to the check with the token. */
export const FlowTrail = z.object({
  /** 1 for the first sign-in; 2 and up for a step-up after 403 insufficient_scope. */
  round: z.number().int().min(1).max(9),
  steps: z.array(Step).max(200),
  findings: z.array(Finding).max(200),
});
export type FlowTrail = z.infer<typeof FlowTrail>;

/** Form and query parameters that are secrets (RFC 6749 §4.1, RFC 7636 §4.5, RFC 6749 §6). */
const SECRET_PARAMS = new Set(['code', 'state', 'code_verifier', 'client_secret', 'refresh_token', 'access_token', 'id_token', 'assertion', 'client_assertion']);
/** JSON members of token and registration answers that are secrets (RFC 6749 §5.1, RFC 7591 §3.2.1). */
const SECRET_MEMBERS = new Set(['access_token', 'refresh_token', 'id_token', 'client_secret', 'registration_access_token', 'code', 'state']);

export function maskUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  for (const k of [...new Set(u.searchParams.keys())]) if (SECRET_PARAMS.has(k)) u.searchParams.set(k, MASK);
  return u.toString();
}

export function maskForm(body: string): string {
  const form = new URLSearchParams(body);
  for (const k of [...new Set(form.keys())]) if (SECRET_PARAMS.has(k)) form.set(k, MASK);
  // Shown decoded, one parameter per line, as a person reads a form.
  return [...form].map(([k, v]) => `${k}=${v}`).join('&');
}

/** A JSON body with secret members masked at any depth; a body that is not JSON is kept (and scrubbed later). */
export function maskJson(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_MEMBERS.has(k) && typeof x === 'string' ? MASK : walk(x)]));
    }
    return v;
  };
  return JSON.stringify(walk(value), null, 2);
}

export function maskHeaders(headers: Record<string, string> | HeaderList): HeaderList {
  const list = Array.isArray(headers) ? headers : Object.entries(headers);
  return list.map(([k, v]) => [k, isCredentialHeader(k) ? maskValue(v) : v]);
}

/** Replace every occurrence of the flow's secret values anywhere in the trail (a server may echo them). */
export function scrubTrail(trail: FlowTrail, secrets: readonly (string | undefined)[]): FlowTrail {
  let text = JSON.stringify(trail);
  for (const s of secrets) {
    if (s === undefined || s.length < 8) continue;
    text = text.split(s).join(MASK);
    const json = JSON.stringify(s).slice(1, -1);
    if (json !== s) text = text.split(json).join(MASK);
    const enc = encodeURIComponent(s);
    if (enc !== s) text = text.split(enc).join(MASK);
  }
  return FlowTrail.parse(JSON.parse(text));
}

/** Step ids are unique per report: each round of sign-in has its own prefix. */
export function stepId(round: number, name: string): string {
  return `auth/r${round}/${name}`;
}

export const roundName = (round: number, name: string) => (round > 1 ? `${name} (round ${round})` : name);

/**
 * The start of a trail, from the check "Get a token" ran: the 401/403 with its challenge and every
 * metadata URL discovery tried, renamed into this round; plus what discovery found about the
 * authorization server.
 */
export function trailFromCheck(report: Report, previous: FlowTrail | undefined, refused?: Step): FlowTrail {
  const round = (previous?.round ?? 0) + 1;
  const steps: Step[] = [];
  // A step-up starts from the request the token was refused for, not from this check's 401.
  const challenge = refused ?? report.steps.find((s) => s.group !== 'auth' && (s.response?.status === 401 || s.response?.status === 403));
  if (challenge) {
    const www = challenge.response?.headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v) ?? [];
    steps.push({
      ...challenge,
      id: stepId(round, 'challenge'),
      name: roundName(round, `${challenge.response?.status} challenge`),
      group: 'auth',
      status: 'info',
      notes: www.length ? `WWW-Authenticate: ${www.join(', ')}` : 'no WWW-Authenticate header',
    });
  }
  for (const s of report.steps) {
    if (s.group !== 'auth') continue;
    steps.push({ ...s, id: stepId(round, s.id.replace(/^auth\//, '')), name: roundName(round, s.name) });
  }
  const findings = report.findings.filter((f) => /^A\d+$/.test(f.id));
  return { round, steps: [...(previous?.steps ?? []), ...steps], findings: dedupe([...(previous?.findings ?? []), ...findings]) };
}

const ROUND = /^auth\/r(\d+)\//;

/**
 * Step-up (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#step-up-authorization-flow):
 * from a report whose token the server refused naming a scope (a 403 insufficient_scope, or a 401
 * with `scope`), what the next sign-in needs: the scope asked for, the request that was refused
 * (the first row of the new round) and the trail of the rounds before. Undefined when the report
 * asks for no scope. The report must be one this app signed (the caller verifies it).
 */
export function stepUpFrom(report: Report): { scope: string; refused?: Step; previous?: FlowTrail } | undefined {
  const scope = report.auth?.rejected?.scope?.trim();
  if (report.verdict !== 'auth-required' || !scope) return undefined;
  const steps = report.steps.filter((s) => s.group === 'auth' && ROUND.test(s.id));
  const round = Math.max(0, ...steps.map((s) => Number(ROUND.exec(s.id)?.[1] ?? 0)));
  const refused = report.steps.find((s) => s.group !== 'auth' && s.group !== 'probe' && (s.response?.status === 401 || s.response?.status === 403));
  // FlowTrail holds up to 9 rounds: past that, a new sign-in starts a fresh trail.
  const previous = round > 0 && round < 9 ? { round, steps, findings: report.findings.filter((f) => /^A\d+$/.test(f.id)) } : undefined;
  return { scope, ...(refused ? { refused } : {}), ...(previous ? { previous } : {}) };
}

export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.id}\n${f.severity}\n${f.message}\n${f.evidence ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A row with no request of ours on the wire (a cached registration, the browser's trip). */
export function noteStep(round: number, id: string, name: string, status: Step['status'], notes: string, startMs: number, extra: Partial<Step> = {}): Step {
  return { id: stepId(round, id), name: roundName(round, name), group: 'auth', status, startMs, latencyMs: 0, notes, ...extra };
}

/** POST through lib/net and record it as a trail row, with secrets masked in both directions. */
export async function recordedPost(
  handle: OutboundHandle,
  row: { round: number; id: string; name: string; startMs: number },
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ answer: HttpAnswer; step: Step }> {
  const t0 = Date.now();
  const answer = await post(handle, url, headers, body);
  const form = headers['content-type'] === 'application/x-www-form-urlencoded';
  const step: Step = {
    id: stepId(row.round, row.id),
    name: roundName(row.round, row.name),
    group: 'auth',
    status: 'ok',
    startMs: row.startMs,
    latencyMs: Date.now() - t0,
    notes: '',
    request: { method: 'POST', url, headers: maskHeaders({ accept: 'application/json', ...headers }), body: form ? maskForm(body) : maskJson(body) },
  };
  if (!answer.ok) {
    step.status = 'error';
    step.notes = answer.message;
    step.error = { code: answer.code === 'TOO_LARGE' ? 'TOO_LARGE' : 'NETWORK', message: answer.message };
    return { answer, step };
  }
  const contentType = answer.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  step.response = {
    status: answer.status,
    headers: maskHeaders(answer.headers),
    ...(contentType ? { contentType } : {}),
    body: maskJson(answer.text).slice(0, 16 * 1024),
    truncated: answer.text.length > 16 * 1024,
  };
  return { answer, step };
}
