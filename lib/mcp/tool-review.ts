// A review of each listed tool's definition for what the model and the person are told: tool
// poisoning (text aimed at the model that a person does not see or would not accept), annotations
// that contradict each other, and descriptions that are missing or oversized.
//
// https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations
// (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations)
// and the warning under §Tool: "clients MUST consider tool annotations to be untrusted unless they
// come from trusted servers". The patterns below are heuristics (warnings with the quoted text, never
// a verdict change): they look for the shapes published tool-poisoning attacks take, not for
// every way to phrase one.
import type { Finding } from '../report/schema';
import { quote } from '../report/redact';
import { finding } from './findings';

/** C0/C1 controls (except tab and newlines), zero-width and bidi controls, the BOM, and tag characters. */
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'g');
const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A tool name (or other short server text) for a sentence: hidden characters spelled out, quoted. */
export function visible(s: string): string {
  return quote(s.replace(HIDDEN_ALL, codePoint).slice(0, 80));
}

/** Descriptions longer than this take a large share of every conversation's context, and can hide a payload after the part a person reads. */
export const MAX_DESCRIPTION = 4096;

interface Pattern {
  what: string;
  re: RegExp;
}

/** Instructions aimed at the model rather than describing the tool (finding S15). */
const TO_THE_MODEL: Pattern[] = [
  { what: 'tells the model to ignore its instructions', re: /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|other|system)\s+(?:instructions?|prompts?|rules|directions|messages)\b/i },
  { what: 'asks to keep something from the user', re: /\b(?:do\s+not|don'?t|never)\s+(?:tell|inform|mention|reveal|show|notify|alert|disclose)\b[^.\n]{0,40}?\buser\b/i },
  { what: 'asks to act without the user knowing', re: /\bwithout\s+(?:telling|informing|notifying|alerting|asking)\s+the\s+user\b|\buser\s+(?:must|should)\s+(?:not|never)\s+(?:know|see|notice|be\s+told)\b/i },
  { what: 'carries a tag aimed at the model', re: /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|critical)\s*>|\[\/?(?:INST|SYSTEM)\]|<\|im_start\|>/i },
  {
    what: 'tells the model how to use other tools',
    re: /\b(?:before|after|instead\s+of)\s+(?:using|calling|invoking|running)\s+(?:any|every|all|other|another)\s+(?:other\s+)?tools?\b|\bwhen(?:ever)?\s+(?:the\s+)?(?:user|you|assistant|model)\s+(?:calls?|uses?|invokes?)\s+(?:any|another|other)\s+tools?\b/i,
  },
];

/** Requests to read local secrets or send data elsewhere (finding S16). */
const EXFILTRATION: Pattern[] = [
  {
    what: 'names a local secret file',
    re: /~\/\.[\w-]+|\$HOME\/\.[\w-]+|\/etc\/(?:passwd|shadow)\b|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\.ssh\/|\.aws\/credentials|\.git-credentials|\.netrc\b|\.npmrc\b|\bmcp\.json\b|claude_desktop_config\.json/i,
  },
  { what: 'asks to read secrets', re: /\b(?:read|cat|extract|collect|gather|dump|exfiltrate|leak|copy)\b[^.\n]{0,40}?\b(?:private\s+keys?|ssh\s+keys?|api[\s_-]?keys?|access\s+tokens?|secrets?|passwords?|credentials|cookies|environment\s+variables)\b/i },
  { what: 'asks to send data to a URL', re: /\b(?:send|post|upload|forward|transmit|exfiltrate|submit|report)\b[^.\n]{0,60}?\bto\s+https?:\/\/\S+/i },
];

const MAX_TEXTS = 200;

/** Every piece of text in a tool definition the model reads: description, titles, and the descriptions and titles inside its schemas. */
function textsOf(t: Record<string, unknown>): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const k of ['description', 'title'] as const) if (typeof t[k] === 'string') out.push({ where: k, text: t[k] });
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= MAX_TEXTS || depth > 32 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'description' || k === 'title') && typeof x === 'string') out.push({ where: `${path}.${k}`, text: x });
      else walk(x, `${path}.${k}`, depth + 1);
    }
  };
  walk(t.inputSchema, 'inputSchema', 0);
  walk(t.outputSchema, 'outputSchema', 0);
  return out;
}

/** The match with some text either side, hidden characters spelled out, for the evidence. */
function span(text: string, index: number, length: number): string {
  const from = Math.max(0, index - 30);
  const to = Math.min(text.length, index + length + 30);
  const s = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  return s.replace(HIDDEN_ALL, codePoint).replace(/\s+/g, ' ');
}

function firstMatch(texts: Array<{ where: string; text: string }>, patterns: Pattern[]): { what: string; evidence: string; more: number } | undefined {
  let first: { what: string; evidence: string } | undefined;
  let more = 0;
  for (const { where, text } of texts) {
    for (const p of patterns) {
      const m = p.re.exec(text);
      if (!m) continue;
      if (first) more++;
      else first = { what: p.what, evidence: `${where}: "${span(text, m.index, m[0].length)}"` };
    }
  }
  return first && { ...first, more };
}

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

export function isNamed(t: unknown): t is Record<string, unknown> & { name: string } {
  return typeof t === 'object' && t !== null && !Array.isArray(t) && typeof (t as { name?: unknown }).name === 'string';
}

/** Review one tool (a listed item with a string name) and add its findings. */
export function reviewTool(t: Record<string, unknown> & { name: string }, stepId: string, findings: Finding[]): void {
  const name = `"${visible(t.name)}"`;
  for (const [field, value] of [['name', t.name], ['description', t.description]] as const) {
    if (typeof value === 'string' && HIDDEN.test(value)) {
      const found = [...new Set(value.match(HIDDEN_ALL) ?? [])].slice(0, 5).map(codePoint);
      findings.push(finding('S13', `Tool ${name} has hidden or control characters in its ${field}: people cannot see what the model is told.`, { stepId, evidence: found.join(', ') }));
    }
  }
  const texts = textsOf(t);
  const toModel = firstMatch(texts, TO_THE_MODEL);
  if (toModel) {
    findings.push(
      finding('S15', `Tool ${name} ${toModel.what}${toModel.more ? ` (and ${toModel.more} more such passage${toModel.more === 1 ? '' : 's'})` : ''}: text aimed at the model, not a description of the tool.`, { stepId, evidence: toModel.evidence }),
    );
  }
  const exfil = firstMatch(texts, EXFILTRATION);
  if (exfil) {
    findings.push(finding('S16', `Tool ${name} ${exfil.what}${exfil.more ? ` (and ${exfil.more} more such passage${exfil.more === 1 ? '' : 's'})` : ''}: a tool definition should never ask the model for data beyond the call.`, { stepId, evidence: exfil.evidence }));
  }
  if (typeof t.description !== 'string' || t.description.trim() === '') {
    findings.push(finding('S19', `Tool ${name} has no description: models choose tools by their descriptions.`, { stepId }));
  } else if (t.description.length > MAX_DESCRIPTION) {
    findings.push(finding('S17', `Tool ${name} has a ${t.description.length}-character description: it fills the model's context on every turn, and text past the first lines goes unread by people.`, { stepId, evidence: `${t.description.length} characters` }));
  }
  checkAnnotations(t.annotations, name, stepId, findings);
}

/** 2025-11-25 schema ToolAnnotations (https://modelcontextprotocol.io/specification/2025-11-25/schema#toolannotations): boolean hints; destructiveHint and idempotentHint are meaningful only when readOnlyHint is false. */
function checkAnnotations(annotations: unknown, name: string, stepId: string, findings: Finding[]): void {
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) return;
  const a = annotations as Record<string, unknown>;
  const bad = HINTS.filter((h) => a[h] !== undefined && typeof a[h] !== 'boolean');
  if (bad.length) {
    findings.push(finding('S18', `Tool ${name} has annotation ${bad.join(' and ')} that ${bad.length === 1 ? 'is' : 'are'} not true or false: clients cannot read ${bad.length === 1 ? 'it' : 'them'}.`, { stepId, evidence: bad.map((h) => `${h}: ${JSON.stringify(a[h])?.slice(0, 20)}`).join(', ') }));
  }
  if (a.readOnlyHint === true && a.destructiveHint === true) {
    findings.push(finding('S18', `Tool ${name} is annotated both read-only and destructive: a client cannot tell whether to ask before calling it.`, { stepId, evidence: 'readOnlyHint: true, destructiveHint: true' }));
  }
}
