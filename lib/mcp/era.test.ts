import { describe, expect, it } from 'vitest';
import { classifyDiscover } from './era';

// Recorded answers of real servers to a modern server/discover probe (e2e/peers/README.md, "Observed on the wire").
describe('era detection from server/discover', () => {
  it('SDK v2: 200 with supportedVersions is modern', () => {
    expect(classifyDiscover({ status: 200, auth: false, result: { resultType: 'complete', supportedVersions: ['2026-07-28'] } }).kind).toBe('modern');
  });
  it('server-everything: 400 with -32000 (no session) is legacy', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32000 }).kind).toBe('legacy');
  });
  it('mcp-lite: 400 with -32602 is legacy, not a modern error', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32602 }).kind).toBe('legacy');
  });
  it('200 carrying -32601 is legacy', () => {
    expect(classifyDiscover({ status: 200, auth: false, rpcErrorCode: -32601 }).kind).toBe('legacy');
  });
  it('404 + -32601 is ambiguous (discover is mandatory in 2026-07-28)', () => {
    expect(classifyDiscover({ status: 404, auth: false, rpcErrorCode: -32601 }).kind).toBe('ambiguous');
  });
  it('a -32022 error is a modern server that declined the version, with data.supported kept', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32022, supported: ['2025-11-25'] })).toEqual({
      kind: 'modern-error',
      code: -32022,
      supported: ['2025-11-25'],
    });
  });
  it('-32020 header mismatch is modern', () => {
    expect(classifyDiscover({ status: 400, auth: false, rpcErrorCode: -32020 }).kind).toBe('modern-error');
  });
  it('401 goes to auth before any era decision', () => {
    expect(classifyDiscover({ status: 401, auth: true }).kind).toBe('auth');
  });
  it('an empty 405 or an HTML 200 is legacy (the legacy probe decides if it is MCP at all)', () => {
    expect(classifyDiscover({ status: 405, auth: false }).kind).toBe('legacy');
    expect(classifyDiscover({ status: 200, auth: false }).kind).toBe('legacy');
  });
  it('no HTTP answer decides nothing', () => {
    expect(classifyDiscover({ auth: false }).kind).toBe('no-answer');
  });
});
