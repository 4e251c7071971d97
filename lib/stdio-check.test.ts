// runStdioCheck over a scripted child: misbehaviour no real stdio server shows on demand (a wrong id,
// a console.log line before the answer), driven through the same engine the CLI runs.
import { describe, expect, it } from 'vitest';
import type { StdioExit } from './mcp/stdio';
import { runStdioCheck, type LaunchedServer } from './stdio-check';

type Answer = (msg: { id?: string | number; method?: string }) => string[];

/** A legacy server in a few lines: `answer` decides what goes to stdout for each message. */
function scripted(answer: Answer): () => LaunchedServer {
  return () => {
    const lines: Array<(line: string, oversize: boolean) => void> = [];
    const exits: Array<(e: StdioExit) => void> = [];
    let exit: StdioExit | undefined;
    return {
      pid: undefined,
      write(line) {
        const msg = JSON.parse(line) as { id?: string | number; method?: string };
        const out = answer(msg);
        setTimeout(() => out.forEach((l) => lines.forEach((f) => f(l, false))), 1);
        return exit === undefined;
      },
      onLine: (f) => void lines.push(f),
      onExit: (f) => void exits.push(f),
      exit: () => exit,
      startError: () => undefined,
      stderr: () => ({ text: '', truncated: false }),
      async close() {
        exit = { code: 0, signal: null };
        exits.forEach((f) => f(exit!));
        return 'exited';
      },
    };
  };
}

const reply = (id: unknown, result: unknown) => JSON.stringify({ jsonrpc: '2.0', id, result });
const legacyServer = (id: (sent: string | number) => unknown, before: string[] = []): Answer => (msg) => {
  if (msg.id === undefined) return [];
  if (msg.method === 'server/discover') return [JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } })];
  const result =
    msg.method === 'initialize'
      ? { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'scripted', version: '1' } }
      : msg.method === 'tools/list'
        ? { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }
        : {};
  return [...before, reply(id(msg.id), result)];
};

const spec = { command: 'scripted', args: [], env: {} };
const deps = (answer: Answer) => ({ launch: scripted(answer), stepTimeoutMs: 300, startupTimeoutMs: 300, checkTimeoutMs: 3_000 });

describe('runStdioCheck', () => {
  it('a server that logs to stdout before answering still works, with finding T24', async () => {
    const report = await runStdioCheck(spec, deps(legacyServer((id) => id, ['[info] handling request'])));
    expect(report.verdict).toBe('healthy');
    expect(report.findings.find((f) => f.id === 'T24')).toMatchObject({ severity: 'error', message: expect.stringContaining('[info] handling request') });
    // The line read is on the step, next to the response.
    expect(report.steps.find((s) => s.id === 'initialize')?.response?.body).toContain('[info] handling request');
  });

  it('a response with another id is no answer: DOWN, ID_MISMATCH and T3', async () => {
    const report = await runStdioCheck(spec, deps(legacyServer((id) => (typeof id === 'number' ? id + 1000 : `${id}-x`))));
    expect(report.verdict).toBe('unreachable');
    expect(report.steps.find((s) => s.id === 'initialize')?.error?.code).toBe('ID_MISMATCH');
    expect(report.findings.map((f) => f.id)).toContain('T3');
  });

  it('answers a legacy server ping on stdio and keeps going', async () => {
    let pinged = false;
    let ponged = false;
    const base = legacyServer((id) => id);
    const report = await runStdioCheck(
      spec,
      deps((msg) => {
        if (msg.method === undefined) {
          // Our answer to the server's ping (https://modelcontextprotocol.io/specification/2025-11-25/basic/utilities/ping: an empty result).
          ponged = msg.id === 'srv-1' && JSON.stringify((msg as { result?: unknown }).result) === '{}';
          return [];
        }
        if (msg.method === 'tools/list' && !pinged) {
          pinged = true;
          return [JSON.stringify({ jsonrpc: '2.0', id: 'srv-1', method: 'ping' }), ...base(msg)];
        }
        return base(msg);
      }),
    );
    expect(report.verdict).toBe('healthy');
    expect(ponged).toBe(true);
    expect(report.findings.filter((f) => f.id === 'T14')).toEqual([]);
  });
});
