// Reads what a tools/call brought back and says what it means
// (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-result,
// #error-handling, #output-schema): content items by type, a tool error (`isError: true`, a result)
// told apart from a protocol error (a JSON-RPC error), and structuredContent checked against the
// tool's outputSchema.
import type { Finding, Tool } from '../report/schema';
import { ContentItem, type ToolCall } from '../report/call';
import type { Exchange } from './exchange';
import { finding } from './findings';
import { interpret } from './interpret';
import { validateAgainst } from './validate';

/** Per item: larger image/audio/blob data is dropped (the item says `truncated`), text is cut. */
const MAX_DATA_CHARS = 2 * 1024 * 1024;
const MAX_TEXT_CHARS = 64 * 1024;
const MAX_ITEMS = 50;

type Reading = Pick<ToolCall, 'outcome' | 'message' | 'content' | 'unknownContent' | 'structuredContent' | 'outputValid' | 'validation' | 'rpcError' | 'isError'>;

const PROTOCOL_HINT: Record<number, string> = {
  [-32602]: 'invalid params: an unknown tool name or arguments the server rejected',
  [-32601]: 'method not found: the server does not implement tools/call',
  [-32603]: 'internal error: the server failed before the tool could answer',
};

function capItem(item: ContentItem): ContentItem {
  if ((item.type === 'image' || item.type === 'audio') && item.data.length > MAX_DATA_CHARS) return { ...item, data: '', truncated: true };
  if (item.type === 'text' && item.text.length > MAX_TEXT_CHARS) return { ...item, text: `${item.text.slice(0, MAX_TEXT_CHARS)}…` };
  if (item.type === 'resource') {
    const r = item.resource;
    if ((r.blob?.length ?? 0) > MAX_DATA_CHARS) return { ...item, resource: { ...r, blob: '' }, truncated: true };
    if ((r.text?.length ?? 0) > MAX_TEXT_CHARS) return { ...item, resource: { ...r, text: `${r.text!.slice(0, MAX_TEXT_CHARS)}…` } };
  }
  return item;
}

export function readToolResult(x: Exchange, tool: Tool, findings: Finding[]): Reading {
  const stepId = x.step.id;
  if (x.match?.kind === 'error') {
    const e = x.match.error;
    const hint = PROTOCOL_HINT[e.code];
    x.step.status = 'warn';
    x.step.notes = `protocol error ${e.code}: ${e.message}`.slice(0, 200);
    return {
      outcome: 'protocol-error',
      message: `A protocol error, not a tool error: the server refused the request with JSON-RPC error ${e.code} (${hint ?? e.message}). The tool did not run, or the server could not report its result.`,
      rpcError: { code: e.code, message: e.message.slice(0, 1000), ...(e.data !== undefined ? { data: e.data } : {}) },
    };
  }
  const r = interpret(x, []);
  if (!r.ok) {
    x.step.status = 'error';
    x.step.error = r.error;
    x.step.notes = r.error.message;
    return { outcome: 'failed', message: r.error.message };
  }
  const result = r.result as Record<string, unknown> | null;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    findings.push(finding('TC4', 'The tools/call result is not an object (a CallToolResult).', { stepId }));
    x.step.status = 'error';
    return { outcome: 'failed', message: 'The result is not a CallToolResult object.' };
  }
  if (result.resultType === 'input_required') {
    // 2026-07-28 multi-round-trip requests: the server asks the client for input and a retry.
    const asks = Object.keys((result.inputRequests as Record<string, unknown> | undefined) ?? {}).join(', ');
    x.step.status = 'warn';
    x.step.notes = 'input_required';
    return {
      outcome: 'input-required',
      message: `The server needs input from the client before the tool can finish (resultType "input_required"${asks ? `: ${asks}` : ''}); this checker does not provide sampling, elicitation or roots, so the call stops here.`,
    };
  }
  const out: Reading = { outcome: 'result', message: '' };
  if (!Array.isArray(result.content)) {
    findings.push(finding('TC4', 'The tools/call result has no "content" array (required in every CallToolResult).', { stepId, evidence: Object.keys(result).join(', ').slice(0, 80) }));
  } else {
    const content: ContentItem[] = [];
    const unknown: string[] = [];
    for (const raw of result.content.slice(0, MAX_ITEMS)) {
      const item = ContentItem.safeParse(raw);
      if (item.success) content.push(capItem(item.data));
      else {
        unknown.push((JSON.stringify(raw) ?? String(raw)).slice(0, 2000));
        const type = (raw as { type?: unknown } | null)?.type;
        findings.push(
          finding('TC3', `A content item ${typeof type === 'string' ? `of type "${type.slice(0, 40)}" ` : ''}is not a valid text, image, audio, resource_link or resource block.`, {
            stepId,
            evidence: (JSON.stringify(raw) ?? '').slice(0, 80),
          }),
        );
      }
    }
    out.content = content;
    if (unknown.length) out.unknownContent = unknown;
  }
  const isError = result.isError === true;
  if (result.isError !== undefined) out.isError = isError;
  if (result.structuredContent !== undefined) out.structuredContent = result.structuredContent;

  if (tool.outputSchema !== undefined && !isError) {
    if (result.structuredContent === undefined) {
      out.outputValid = false;
      findings.push(finding('TC2', `Tool "${tool.name}" declares an outputSchema but returned no structuredContent.`, { stepId }));
    } else {
      const v = validateAgainst(tool.outputSchema, result.structuredContent);
      if (v.ok === 'unchecked') out.validation = [`outputSchema not checked: ${v.reason}`];
      else {
        out.outputValid = v.ok;
        out.validation = v.ok ? v.skipped : [...v.errors, ...v.skipped];
        if (!v.ok) {
          findings.push(finding('TC1', `The structuredContent of "${tool.name}" does not match its outputSchema: ${v.errors[0]}.`, { stepId, evidence: v.errors.join('; ').slice(0, 160) }));
        }
      }
    }
  }

  const kinds = (out.content ?? []).map((c) => c.type);
  const summary = kinds.length ? `${kinds.length} content item${kinds.length === 1 ? '' : 's'} (${[...new Set(kinds)].join(', ')})` : 'no content';
  if (isError) {
    out.outcome = 'tool-error';
    const text = out.content?.find((c) => c.type === 'text')?.text;
    out.message = `The tool ran and reported an error (isError: true), a tool error, not a protocol error: a client shows it to the model so it can retry.${text ? ` It said: ${text.slice(0, 200)}` : ''}`;
    x.step.status = 'warn';
    x.step.notes = `tool error (isError): ${summary}`;
  } else {
    out.message = `The tool answered with ${summary}${out.structuredContent !== undefined ? ' and structuredContent' : ''}${out.outputValid === false ? ', but the structured output does not match its outputSchema' : ''}.`;
    x.step.notes = summary;
    if (out.outputValid === false || out.unknownContent) x.step.status = 'warn';
  }
  return out;
}
