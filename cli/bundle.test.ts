// The CLI bundle (scripts/build-cli.mjs) resolves lib/'s `from 'undici'` to scripts/bundle/undici.mjs,
// which exports only what lib/ uses. A name imported from undici that the stand-in lacks would break
// the build, and with it every fast start; this keeps the two in step, and shows that its request()
// sends what undici's own does.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const shimUrl = new URL('../scripts/bundle/undici.mjs', import.meta.url).href;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every value (not type) name lib/ and cli/ import from 'undici', with the file that imports it. */
function undiciImports(): Array<[name: string, file: string]> {
  const out: Array<[string, string]> = [];
  for (const file of [...sources(join(root, 'lib')), ...sources(join(root, 'cli'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'undici'/g)) {
      if (m[1]) continue;
      for (const part of m[2]!.split(',')) {
        const spec = part.trim();
        if (!spec || spec.startsWith('type ')) continue;
        out.push([spec.split(/\s+as\s+/)[0]!, relative(root, file)]);
      }
    }
    expect(text, `${relative(root, file)}: only named imports from undici are mapped`).not.toMatch(/import\s+(\*|\w+)\s+(as\s+\w+\s+)?from\s+'undici'/);
  }
  return out;
}

describe('the bundle\'s undici stand-in', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json', 'x-seen': `${req.method} ${req.url}` }).end(JSON.stringify({ body })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exports every name lib/ imports from undici', async () => {
    const shim = (await import(shimUrl)) as Record<string, unknown>;
    const used = undiciImports();
    expect(used.map(([n]) => n)).toContain('request');
    for (const [name, file] of used) expect(shim[name], `${name} (imported by ${file})`).toBeDefined();
  });

  it('request() sends and answers as undici\'s own, and refuses a call without a dispatcher', async () => {
    const shim = (await import(shimUrl)) as { request: typeof undiciRequest; Agent: typeof Agent };
    const agent = new shim.Agent({ connections: 1 });
    const real = new Agent({ connections: 1 });
    try {
      const send = async (req: typeof undiciRequest, dispatcher: Agent) => {
        const res = await req(new URL('/mcp?x=1', url), { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' }, dispatcher });
        return { status: res.statusCode, seen: res.headers['x-seen'], body: await res.body.json() };
      };
      const mine = await send(shim.request, agent);
      expect(mine).toEqual({ status: 201, seen: 'POST /mcp?x=1', body: { body: '{"a":1}' } });
      expect(mine).toEqual(await send(undiciRequest, real));
      expect(() => shim.request(new URL(url), {} as never)).toThrow(/dispatcher/);
    } finally {
      await Promise.all([agent.close(), real.close()]);
    }
  });
});
