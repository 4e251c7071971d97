import { describe, expect, it } from 'vitest';
import { quote } from '../report/redact';
import { whoCanConnect } from './compat';
import { finding } from './findings';
import { SDK_CLIENTS, whoRejects, type Rejection } from './sdk-accept';

/** An S14 finding worded as lib/mcp/listing.ts words it, for these rejections. */
function s14(rejected: Rejection[]) {
  const reason = rejected[0]!.reason;
  return finding('S14', `${whoRejects(rejected, SDK_CLIENTS.length)} the whole tool list: ${quote(reason)}; its users see no tools at all.`, { stepId: 'tools/list', evidence: reason });
}

const [v1, v2] = SDK_CLIENTS;
const rows = (findings: ReturnType<typeof s14>[]) => {
  const all = whoCanConnect({ era: 'legacy', modern: false, legacyVersion: '2025-11-25', findings });
  return Object.fromEntries(all.filter((r) => r.client.startsWith('Official')).map((r) => [r.client, r.status]));
};

describe('who can connect: the SDK clients', () => {
  it('names the client the finding names, not one that only appears in the server’s reason', () => {
    // Only v1 rejects, and the reason quotes a tool parameter called "v2".
    const onlyV1 = s14([{ client: v1!.client, reason: 'tools[0].inputSchema.properties.v2: expected object, received string' }]);
    expect(rows([onlyV1])).toEqual({ 'Official TypeScript SDK v1 client': 'warn', 'Official TypeScript SDK v2 client': 'yes' });
    const onlyV2 = s14([{ client: v2!.client, reason: 'tools[1].name (v1 legacy): expected string' }]);
    expect(rows([onlyV2])).toEqual({ 'Official TypeScript SDK v1 client': 'yes', 'Official TypeScript SDK v2 client': 'warn' });
    const both = s14([
      { client: v1!.client, reason: 'tools[0].inputSchema: expected object' },
      { client: v2!.client, reason: 'tools[0].inputSchema: expected object' },
    ]);
    expect(rows([both])).toEqual({ 'Official TypeScript SDK v1 client': 'warn', 'Official TypeScript SDK v2 client': 'warn' });
    expect(rows([])).toEqual({ 'Official TypeScript SDK v1 client': 'yes', 'Official TypeScript SDK v2 client': 'yes' });
  });
});
