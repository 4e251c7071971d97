// The verdict follows what the official clients do: the real SDK v1 and v2 clients connect to a
// server whose one tool has a non-object inputSchema and fail on tools/list, and the check says
// partial with S14, naming them. A server they accept gets no S14.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { runCheck } from '@/lib/check';
import { testDeps } from './deps';

function server(inputSchema: unknown, serverInfo: unknown = { name: 'schema-test', version: '1.0.0' }): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      const m = JSON.parse(body) as { id?: number | string; method?: string; params?: { protocolVersion?: string } };
      const reply = (result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result }));
      if (m.id === undefined) return void res.writeHead(202).end();
      if (m.method === 'initialize') return reply({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo });
      if (m.method === 'ping') return reply({});
      if (m.method === 'tools/list') return reply({ tools: [{ name: 'fine', inputSchema: { type: 'object' } }, { name: 'shout', inputSchema }] });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } }));
    });
  });
}

const listen = async (s: http.Server) => {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/mcp`;
};

let bad: http.Server;
let good: http.Server;
let badUrl: string;
let goodUrl: string;
beforeAll(async () => {
  bad = server('not a schema');
  good = server({ type: 'object', properties: {} });
  [badUrl, goodUrl] = await Promise.all([listen(bad), listen(good)]);
});
afterAll(async () => {
  await Promise.all([bad, good].map((s) => new Promise((r) => s?.close(r))));
});

async function sdkTools(url: string, version: 1 | 2): Promise<number> {
  if (version === 1) {
    const c = new ClientV1({ name: 'test', version: '1' });
    await c.connect(new TransportV1(new URL(url)));
    try {
      return (await c.listTools()).tools.length;
    } finally {
      await c.close();
    }
  }
  const c = new ClientV2({ name: 'test', version: '1' });
  await c.connect(new TransportV2(new URL(url)));
  try {
    return (await c.listTools()).tools.length;
  } finally {
    await c.close();
  }
}

describe('a tool list the official SDK clients refuse', () => {
  it('is refused by the real v1 and v2 clients, and the check says partial naming them', async () => {
    await expect(sdkTools(badUrl, 1)).rejects.toThrow();
    await expect(sdkTools(badUrl, 2)).rejects.toThrow();
    const report = await runCheck({ url: badUrl }, testDeps());
    expect(report.verdict).toBe('partial');
    expect(report.summary).toContain('the official TypeScript SDK (v1 and v2) rejects the whole tool list: tools[1].inputSchema');
    // "Who can connect" names each client and what its users get.
    for (const tag of ['v1', 'v2']) {
      expect(report.compat?.find((r) => r.client === `Official TypeScript SDK ${tag} client`)).toMatchObject({ status: 'warn', note: expect.stringMatching(/^Connects, but rejects the whole tool list \(tools\[1\]\.inputSchema.*\): its users see no tools$/) });
    }
  });

  it('a list both clients accept gets no S14 and stays healthy', async () => {
    expect(await sdkTools(goodUrl, 1)).toBe(2);
    expect(await sdkTools(goodUrl, 2)).toBe(2);
    const report = await runCheck({ url: goodUrl }, testDeps());
    expect(report.verdict).toBe('healthy');
    expect(report.compat?.filter((r) => r.client.startsWith('Official TypeScript SDK')).map((r) => [r.client, r.status])).toEqual([
      ['Official TypeScript SDK v1 client', 'yes'],
      ['Official TypeScript SDK v2 client', 'yes'],
    ]);
    expect(report.findings.some((f) => f.id === 'S14')).toBe(false);
  });
});

describe('an initialize result the official SDK clients refuse', () => {
  it('makes the real v1 and v2 clients fail to connect, and the check says so (S21) with both clients marked "no"', async () => {
    const s = server({ type: 'object' }, { name: 'no-version' });
    const url = await listen(s);
    try {
      await expect(sdkTools(url, 1)).rejects.toThrow();
      await expect(sdkTools(url, 2)).rejects.toThrow();
      const report = await runCheck({ url, probes: false }, testDeps());
      expect(report.verdict).toBe('partial');
      expect(report.summary).toMatch(/^Partial: the official TypeScript SDK \(v1 and v2\) rejects the initialize result/);
      expect(report.findings.find((f) => f.id === 'S21')?.message).toMatch(/^the official TypeScript SDK \(v1 and v2\) rejects the initialize result/);
      expect(report.compat?.filter((r) => r.client.startsWith('Official TypeScript SDK')).map((r) => r.status)).toEqual(['no', 'no']);
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
