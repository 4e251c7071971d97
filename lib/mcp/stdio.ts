// The stdio transport seam (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/stdio,
// https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio). The era
// paths build the same CallSpec as over HTTP; here each one becomes one line on the child's stdin,
// and its answer is the line on stdout whose JSON-RPC id matches ("correlated by JSON-RPC id",
// §Receiving Messages). Every other line (notifications, server requests, stray responses, text
// that is not JSON) is kept on each exchange it arrived during, for the findings.
//
// The process itself is not started here: lib/ never starts processes. The CLI hands in a
// StdioChild (cli/stdio-child.ts); the web app has no way to make one.
import type { WireRequest } from '../report/schema';
import { elapsed, openStep, type CallSpec, type CheckContext, type Exchange } from './exchange';
import { classify, type Incoming, type JsonRpcId } from './jsonrpc';
import { MAX_JSON_DEPTH, parseJson } from './json';
import type { ReadOutcome } from './read';

export interface StdioExit {
  code: number | null;
  signal: string | null;
  /** Why the process could not be started at all (spawn error), when that is what happened. */
  error?: string;
}

/** A started server process, as the engine sees it. */
export interface StdioChild {
  /** Write one message line (the newline is added). False once stdin is closed. */
  write(line: string): boolean;
  /** Called with each line the server writes to stdout (without its newline). `oversize`: the line was cut at the cap. */
  onLine(listener: (line: string, oversize: boolean) => void): void;
  /** Called once when the process has exited (or could not be started). */
  onExit(listener: (exit: StdioExit) => void): void;
  exit(): StdioExit | undefined;
}

/** What a person sees of the stdin side in a step's request: the line as written. */
export const STDIO_REQUEST_URL = 'stdio';

interface Pending {
  id: JsonRpcId;
  lines: string[];
  chars: number;
  truncated: boolean;
  others: Incoming[];
  settle: (outcome: { match?: Incoming & { kind: 'result' | 'error' }; error?: Exchange['error'] }) => void;
}

export interface StdioTransport {
  exchange: (ctx: CheckContext, spec: CallSpec) => Promise<Exchange>;
  /** Lines that arrived while no request was waiting (kept for the next exchange's record). */
  readonly idle: Incoming[];
}

/**
 * `firstTimeoutMs` is the start-up budget: the first request waits for the process to boot as well
 * as to answer. Later requests get the context's step budget.
 */
export function stdioTransport(child: StdioChild, opts: { firstTimeoutMs: number; answerServerRequests: () => boolean }): StdioTransport {
  const pending = new Map<string, Pending>();
  const key = (id: JsonRpcId) => `${typeof id}:${String(id)}`;
  const idle: Incoming[] = [];
  const idleLines: string[] = [];
  let first = true;

  const record = (p: Pending, line: string, keepChars: number) => {
    if (p.chars >= keepChars) {
      p.truncated = true;
      return;
    }
    const room = keepChars - p.chars;
    p.lines.push(line.length > room ? line.slice(0, room) : line);
    if (line.length > room) p.truncated = true;
    p.chars += Math.min(line.length, room) + 1;
  };

  let keepChars = 64 * 1024;
  child.onLine((line, oversize) => {
    if (!line.trim()) return; // a blank line carries no message
    const msg: Incoming = oversize
      ? { kind: 'invalid', reason: 'a line on stdout longer than the read limit', problem: 'stdout-not-json' }
      : readLine(line);
    if (msg.kind === 'result' || msg.kind === 'error') {
      const target = msg.id !== null ? pending.get(key(msg.id)) : pending.size === 1 ? [...pending.values()][0] : undefined;
      if (target) {
        record(target, line, keepChars);
        pending.delete(key(target.id));
        target.settle({ match: msg });
        return;
      }
    }
    if (msg.kind === 'request' && opts.answerServerRequests()) answerServerRequest(child, msg);
    if (pending.size === 0) {
      if (idle.length < 20) {
        idle.push(msg);
        idleLines.push(line.slice(0, 2000));
      }
      return;
    }
    for (const p of pending.values()) {
      record(p, line, keepChars);
      if (p.others.length < 20) p.others.push(msg);
    }
  });
  child.onExit((exit) => {
    for (const p of [...pending.values()]) {
      pending.delete(key(p.id));
      p.settle({ error: { code: 'EXITED', message: exit.error ? `The server could not be started: ${exit.error}.` : `The server process exited (${describeExit(exit)}) before it answered.` } });
    }
  });

  const exchange = async (ctx: CheckContext, spec: CallSpec): Promise<Exchange> => {
    keepChars = ctx.limits.keepChars;
    const startMs = elapsed(ctx);
    const line = JSON.stringify(spec.message ?? {});
    const request: WireRequest = { method: 'stdin', url: STDIO_REQUEST_URL, headers: [], body: line };
    const step = openStep(ctx, spec, startMs, request);
    const timeoutMs = first ? opts.firstTimeoutMs : ctx.stepTimeoutMs;
    first = false;
    const carried = idle.splice(0);
    const carriedLines = idleLines.splice(0);
    const finish = (outcome: { lines: string[]; truncated: boolean; others: Incoming[]; match?: Incoming & { kind: 'result' | 'error' }; error?: Exchange['error'] }): Exchange => {
      step.latencyMs = Math.round((elapsed(ctx) - startMs) * 10) / 10;
      step.timing = { totalMs: step.latencyMs };
      if (outcome.lines.length) step.response = { headers: [], body: outcome.lines.join('\n'), truncated: outcome.truncated };
      if (outcome.error) {
        step.status = 'error';
        step.error = outcome.error;
        step.notes = outcome.error.message;
      }
      ctx.onStep?.(step);
      const read: ReadOutcome = { kind: 'json', body: step.response?.body ?? '', truncated: outcome.truncated, others: outcome.others, ...(outcome.match ? { match: outcome.match } : {}) };
      return { step, headers: [], read, transport: 'stdio', ...(outcome.match ? { match: outcome.match } : {}), ...(outcome.error ? { error: outcome.error } : {}) };
    };

    const exited = child.exit();
    if (exited) return finish({ lines: carriedLines, truncated: false, others: carried, error: { code: 'EXITED', message: `The server process is not running (${describeExit(exited)}); nothing was sent.` } });
    if (!child.write(line)) return finish({ lines: carriedLines, truncated: false, others: carried, error: { code: 'EXITED', message: 'The server closed its stdin; the request could not be written.' } });
    // A notification has no answer on any transport (https://modelcontextprotocol.io/specification/2025-11-25/basic#notifications).
    if (spec.expectId === undefined) {
      step.notes = 'written to stdin (a notification gets no response)';
      return finish({ lines: carriedLines, truncated: false, others: carried });
    }
    const expectId = spec.expectId;
    return new Promise<Exchange>((resolve) => {
      const p: Pending = {
        id: expectId,
        lines: [...carriedLines],
        chars: carriedLines.reduce((n, l) => n + l.length + 1, 0),
        truncated: false,
        others: carried,
        settle: (outcome) => {
          clearTimeout(timer);
          ctx.signal.removeEventListener('abort', onAbort);
          resolve(finish({ lines: p.lines, truncated: p.truncated, others: p.others, ...outcome }));
        },
      };
      const onTimeout = (message: string) => {
        if (!pending.has(key(expectId))) return;
        pending.delete(key(expectId));
        p.settle({ error: { code: 'TIMEOUT', message } });
      };
      const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
      const timer = setTimeout(
        () => onTimeout(p.lines.length ? `No response with id ${JSON.stringify(expectId)} on stdout within ${seconds}.` : `The server wrote nothing to stdout within ${seconds}: no response to id ${JSON.stringify(expectId)}.`),
        timeoutMs,
      );
      const onAbort = () => onTimeout('The check ran out of time before the server answered.');
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      pending.set(key(expectId), p);
      if (ctx.signal.aborted) onAbort();
    });
  };

  return { exchange, idle };
}

/** One stdout line: one JSON-RPC message, or something that is not (finding T24). */
function readLine(line: string): Incoming {
  const parsed = parseJson(line);
  if (!parsed.ok) {
    const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    return {
      kind: 'invalid',
      reason: parsed.reason.startsWith('it is nested') ? `a line nested more than ${MAX_JSON_DEPTH} levels deep` : `a line on stdout that is not JSON (${JSON.stringify(shown)})`,
      problem: 'stdout-not-json',
    };
  }
  return classify(parsed.value);
}

/**
 * A legacy server may ping the client (https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping) or ask for what the checker
 * never declared; an unanswered request may block it, so answer: pong, or "method not found".
 */
function answerServerRequest(child: StdioChild, msg: Incoming & { kind: 'request' }) {
  const reply =
    msg.method === 'ping'
      ? { jsonrpc: '2.0', id: msg.id, result: {} }
      : { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'mcp-health declares no client capabilities and does not provide this method.' } };
  child.write(JSON.stringify(reply));
}

export function describeExit(exit: StdioExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.error) return `it could not be started: ${exit.error}`;
  if (exit.code === null) return 'no exit code';
  return `exit code ${exit.code}`;
}

