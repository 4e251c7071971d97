// The app's own MCP endpoint (/mcp), checked the way every other server is: by our own engine
// (it must come out GOOD with no warning or error finding), and used by the official SDK clients
// to run a check through it.
import { expect, test } from '@playwright/test';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';
import { runCheck } from '../../lib/check';
import { engineDeps } from '../../lib/deps';
import { Report } from '../../lib/report/schema';
import { startPeer, type Peer } from '../peers';

let peer: Peer;
test.beforeAll(async () => {
  peer = await startPeer('tmcp');
});
test.afterAll(async () => {
  await peer?.stop();
});

test('our own checker reports our /mcp as GOOD, in both eras, with no warning or error', async ({ baseURL }) => {
  const report = await runCheck({ url: `${baseURL}/mcp`, headers: {} }, engineDeps({ allowPrivate: true }));
  expect(report.verdict, report.summary).toBe('healthy');
  expect(report.supportedVersions).toEqual(expect.arrayContaining(['2026-07-28', '2025-11-25']));
  expect(report.tools.map((t) => t.name).sort()).toEqual(['check_server', 'get_report']);
  expect(report.findings.filter((f) => f.severity !== 'info'), JSON.stringify(report.findings)).toEqual([]);
});

test('the official SDK clients run check_server through /mcp and get the verdict', async ({ baseURL }) => {
  const v1 = new ClientV1({ name: 'mcp-door-v1', version: '1.0.0' });
  await v1.connect(new HttpV1(new URL(`${baseURL}/mcp`)));
  try {
    const result = await v1.callTool({ name: 'check_server', arguments: { url: peer.url } });
    const report = Report.parse(result.structuredContent);
    expect(report.verdict).toBe('healthy');
    expect(report.url).toBe(peer.url);
    // Through the app's door, its own address is refused like on the page (it would be GOOD:
    // the first test checks it from outside): an input error, or a report that never reached it.
    const self = await v1.callTool({ name: 'check_server', arguments: { url: `${baseURL}/mcp` } });
    if (!self.isError) expect(Report.parse(self.structuredContent).verdict).toBe('unreachable');
    const missing = await v1.callTool({ name: 'get_report', arguments: { id: 'nosuchreport1' } });
    expect(missing.isError).toBe(true);
  } finally {
    await v1.close();
  }

  const v2 = new ClientV2({ name: 'mcp-door-v2', version: '1.0.0' });
  await v2.connect(new HttpV2(new URL(`${baseURL}/mcp`)));
  try {
    const { tools } = await v2.listTools();
    expect(tools.find((t) => t.name === 'check_server')?.annotations?.readOnlyHint).toBe(true);
  } finally {
    await v2.close();
  }
});
