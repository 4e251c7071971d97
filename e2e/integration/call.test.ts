// Try a tool, against real servers: server-everything (text, image, resource links, embedded
// resources, structured output, progress, annotations), the SDK v2 modern-only peer (a 2026-07-28
// call with _meta and mirrored headers), the try-tool peer (SDK v1 low-level Server: a wrong
// outputSchema, sampling mid-call, a destructive tool) and the official MCP Apps example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '@/lib/check';
import { callTool } from '@/lib/call';
import type { Report } from '@/lib/report/schema';
import { startPeer, type Peer, type PeerKind } from '../peers';
import { testDeps } from './deps';
import { startMisbehave } from '../fixtures/misbehave';
import { runBin } from './run-bin';

const deps = testDeps();
const peers = new Map<PeerKind, Peer>();
const reports = new Map<PeerKind, Report>();

beforeAll(async () => {
  const kinds: PeerKind[] = ['everything', 'sdk2-modern', 'trytool', 'apps'];
  const started = await Promise.all(kinds.map((k) => startPeer(k)));
  for (const p of started) peers.set(p.kind, p);
  await Promise.all(started.map(async (p) => reports.set(p.kind, await runCheck({ url: p.url }, deps))));
}, 120_000);
afterAll(async () => {
  await Promise.all([...peers.values()].map((p) => p.stop()));
});

async function call(kind: PeerKind, tool: string, args: Record<string, unknown> = {}) {
  const r = await callTool(reports.get(kind)!, { tool, arguments: args }, deps);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('legacy (server-everything): a fresh session per call', () => {
  it('get-sum: a text result, with initialize, initialized, the call and DELETE as call steps', async () => {
    const { report, call: c } = await call('everything', 'get-sum', { a: 2, b: 40 });
    expect(c.outcome).toBe('result');
    expect(c.content).toEqual([expect.objectContaining({ type: 'text', text: expect.stringContaining('42') })]);
    const steps = report.steps.filter((s) => s.group === 'call');
    expect(steps.map((s) => s.id)).toEqual(['call-1 initialize', 'call-1 initialized', 'call-1 tools/call', 'call-1 delete']);
    const sent = JSON.parse(steps[2]!.request!.body!) as { method: string; params: { name: string; arguments: unknown } };
    expect(sent).toMatchObject({ method: 'tools/call', params: { name: 'get-sum', arguments: { a: 2, b: 40 } } });
    // The call's own session, not the check's.
    const sid = steps[2]!.request!.headers.find(([k]) => k === 'mcp-session-id')?.[1];
    expect(sid).toBeTruthy();
    expect(steps[3]!.request!.headers).toContainEqual(['mcp-session-id', sid]);
    expect(steps[3]!.notes).toBe('session ended');
    // The check itself is unchanged.
    expect(report.steps.filter((s) => s.group !== 'call')).toEqual(reports.get('everything')!.steps);
  });

  it('get-tiny-image: an image item with its base64 data and MIME type', async () => {
    const { call: c } = await call('everything', 'get-tiny-image');
    const image = c.content!.find((i) => i.type === 'image');
    expect(image).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect(Buffer.from((image as { data: string }).data, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('get-resource-links: resource_link items; get-resource-reference: an embedded resource', async () => {
    const links = (await call('everything', 'get-resource-links', { count: 2 })).call;
    expect(links.content!.filter((i) => i.type === 'resource_link')).toHaveLength(2);
    const embedded = (await call('everything', 'get-resource-reference', { resourceType: 'Text', resourceId: 1 })).call;
    expect(embedded.content!.find((i) => i.type === 'resource')).toMatchObject({ resource: { uri: expect.stringMatching(/^demo:\/\//) } });
  });

  it('get-structured-content: structuredContent validated against the outputSchema', async () => {
    const { call: c, report } = await call('everything', 'get-structured-content', { location: 'New York' });
    expect(c.structuredContent).toMatchObject({ temperature: expect.any(Number) });
    expect(c.outputValid).toBe(true);
    expect(report.findings.filter((f) => f.id.startsWith('TC'))).toEqual([]);
  });

  it('trigger-long-running-operation: progress notifications recorded from the stream', async () => {
    const { call: c } = await call('everything', 'trigger-long-running-operation', { duration: 1, steps: 3 });
    expect(c.outcome).toBe('result');
    const progress = c.notifications!.filter((n) => n.method === 'notifications/progress');
    expect(progress.map((p) => p.summary)).toEqual(['1/3', '2/3', '3/3'].map((s) => expect.stringContaining(s)));
  });

  it('arguments that break the inputSchema are refused before anything is sent', async () => {
    const before = reports.get('everything')!;
    const r = await callTool(before, { tool: 'get-sum', arguments: { a: 'two' } }, deps);
    expect(r).toEqual({ ok: false, reason: 'invalid-arguments', error: expect.stringMatching(/missing required property "b".*\/a: must be number/) });
  });

  it('an unknown tool is refused', async () => {
    const r = await callTool(reports.get('everything')!, { tool: 'nope', arguments: {} }, deps);
    expect(r).toMatchObject({ ok: false, reason: 'unknown-tool' });
  });
});

describe('modern (SDK v2, 2026-07-28): one stateless POST', () => {
  it('sends _meta, Mcp-Method and Mcp-Name and gets the result', async () => {
    const { report, call: c } = await call('sdk2-modern', 'add_numbers', { a: 1.5, b: 2 });
    expect(c.outcome).toBe('result');
    expect(c.content).toEqual([expect.objectContaining({ type: 'text', text: '3.5' })]);
    const steps = report.steps.filter((s) => s.group === 'call');
    expect(steps.map((s) => s.id)).toEqual(['call-1 tools/call']);
    const headers = Object.fromEntries(steps[0]!.request!.headers);
    expect(headers).toMatchObject({ 'mcp-method': 'tools/call', 'mcp-name': 'add_numbers', 'mcp-protocol-version': '2026-07-28' });
    expect(JSON.parse(steps[0]!.request!.body!).params._meta).toMatchObject({ 'io.modelcontextprotocol/protocolVersion': '2026-07-28' });
  });

});

describe('the try-tool peer (SDK v1 low-level Server)', () => {
  it('structuredContent that breaks the outputSchema is finding TC1', async () => {
    const { call: c, report } = await call('trytool', 'wrong_output');
    expect(c.outputValid).toBe(false);
    expect(c.validation?.[0]).toMatch(/\/temperature: must be number/);
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'TC1', severity: 'error', stepId: 'call-1 tools/call' }));
  });

  it('a tool that declares an outputSchema and returns no structuredContent is TC2', async () => {
    const { report } = await call('trytool', 'no_structured');
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'TC2', severity: 'error', stepId: 'call-1 tools/call', message: expect.stringContaining('"no_structured" declares an outputSchema but returned no structuredContent') }));
  });

  it('a sampling request mid-call is answered with "does not provide" and shown', async () => {
    const { call: c, report } = await call('trytool', 'ask_model');
    expect(c.serverRequests).toEqual([{ method: 'sampling/createMessage', answer: expect.stringContaining('-32601') }]);
    const reply = report.steps.find((s) => s.id === 'call-1 reply #1');
    expect(JSON.parse(reply!.request!.body!)).toMatchObject({ error: { code: -32601, message: expect.stringContaining('does not provide sampling') } });
    // The server got our error and said so in its own result.
    expect(c.outcome).toBe('tool-error');
    expect(c.content![0]).toMatchObject({ text: expect.stringContaining('does not provide sampling') });
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'T14', stepId: 'call-1 tools/call' }));
  });
});

describe('results no real server sends on demand (the SDK servers refuse or repair them): a fixture', () => {
  const callOn = async (result: unknown) => {
    const f = await startMisbehave({ messageFor: { 'tools/call': (id) => ({ jsonrpc: '2.0', id, result }) } });
    try {
      const report = await runCheck({ url: f.url, probes: false }, deps);
      const r = await callTool(report, { tool: 'get_forecast', arguments: { city: 'Oslo' } }, deps);
      if (!r.ok) throw new Error(r.error);
      return r.report.findings;
    } finally {
      await f.stop();
    }
  };
  it('a content block of a type the spec does not define is TC3', async () => {
    expect(await callOn({ content: [{ type: 'video', uri: 'https://example.com/v.mp4' }] })).toContainEqual(
      expect.objectContaining({ id: 'TC3', severity: 'error', stepId: 'call-1 tools/call', message: expect.stringContaining('of type "video"') }),
    );
  });
  it('a result without a content array is TC4', async () => {
    expect(await callOn({ structuredContent: { days: [] } })).toContainEqual(expect.objectContaining({ id: 'TC4', severity: 'error', stepId: 'call-1 tools/call', message: expect.stringContaining('no "content" array') }));
  });
  it('a result that is not an object is TC4', async () => {
    expect(await callOn('done')).toContainEqual(expect.objectContaining({ id: 'TC4', message: expect.stringContaining('not an object') }));
  });
});

describe('protocol error versus tool error', () => {
  it('a tool the server no longer knows gets a JSON-RPC error: a protocol error, not a tool error', async () => {
    const listed = reports.get('trytool')!;
    // A report from before the tool was removed on the server.
    const stale = { ...listed, tools: [...listed.tools, { name: 'vanished', inputSchema: { type: 'object' } }] };
    const r = await callTool(stale, { tool: 'vanished', arguments: {} }, deps);
    if (!r.ok) throw new Error(r.error);
    expect(r.call.outcome).toBe('protocol-error');
    expect(r.call.rpcError?.code).toBeTypeOf('number');
    expect(r.call.message).toMatch(/protocol error, not a tool error/);
    expect(r.call.content).toBeUndefined();
  });

  it('isError: true is a tool error with its content shown', async () => {
    const { call: c } = await call('trytool', 'ask_model');
    expect(c.outcome).toBe('tool-error');
    expect(c.isError).toBe(true);
    expect(c.message).toMatch(/tool error, not a protocol error/);
  });
});

describe('MCP Apps (server-basic-vanillajs)', () => {
  it('reads the ui:// view with the call', async () => {
    const report = reports.get('apps')!;
    const tool = report.tools.find((t) => t._meta?.ui?.resourceUri);
    expect(tool).toBeDefined();
    const { call: c } = await call('apps', tool!.name);
    expect(c.outcome).toBe('result');
    expect(c.app).toMatchObject({ uri: tool!._meta!.ui!.resourceUri });
    expect(c.app!.html).toMatch(/<html/i);
  });
});

describe('the CLI: mcp-health call <url> <tool> --args', () => {
  const cli = (args: string[]) => runBin('mcp-health.mjs', args, { NO_COLOR: '1' });

  it('prints the result and exits 0', async () => {
    const r = await cli(['call', peers.get('everything')!.url, 'get-sum', '--args', '{"a": 19, "b": 23}']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^RESULT {2}get-sum {2}\d+ ms\n/);
    expect(r.stdout).toContain('42');
    expect(r.code).toBe(0);
  }, 60_000);

  it('an outputSchema mismatch exits 1 with TC1; --json prints the report with the call', async () => {
    const human = await cli(['call', peers.get('trytool')!.url, 'wrong_output']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/does NOT match outputSchema/);
    expect(human.stdout).toMatch(/ERROR TC1 /);
    const json = await cli(['call', peers.get('trytool')!.url, 'wrong_output', '--json']);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.calls).toEqual([expect.objectContaining({ tool: 'wrong_output', outputValid: false })]);
  }, 60_000);

  it('arguments that break the inputSchema exit 64 without calling', async () => {
    const r = await cli(['call', peers.get('everything')!.url, 'get-sum', '--args', '{"a": "x", "b": 1}']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/\/a: must be number/);
    const bad = await cli(['call', peers.get('everything')!.url, 'get-sum', '--args', '[1]']);
    expect(bad.code).toBe(64);
  }, 60_000);
});
