import { beforeEach, describe, expect, it } from 'vitest';
import { FLOW_TTL_MS, MAX_FLOWS, MAX_FLOWS_PER_CLIENT, clearFlows, flowCount, saveFlow, takeFlow, type FlowRecord } from './flows';

const rec = (state: string, createdAt: number, client = `client-${state}`): FlowRecord => ({
  state,
  binding: 'b',
  verifier: 'v'.repeat(43),
  issuer: 'https://as.example',
  issRequired: false,
  tokenEndpoint: 'https://as.example/token',
  clientId: 'c',
  tokenAuthMethod: 'none',
  redirectUri: 'https://app.example/oauth/callback',
  resource: 'https://mcp.example/mcp',
  mcpUrl: 'https://mcp.example/mcp',
  client,
  createdAt,
});

describe('flow records', () => {
  beforeEach(() => clearFlows());

  it('can be taken once', () => {
    saveFlow(rec('s1', 1000));
    expect(takeFlow('s1', 1001)?.state).toBe('s1');
    expect(takeFlow('s1', 1002)).toBeUndefined();
  });

  it('expire after ten minutes, and an expired one is gone for good', () => {
    saveFlow(rec('s1', 0));
    expect(takeFlow('s1', FLOW_TTL_MS)).toBeUndefined();
    expect(flowCount()).toBe(0);
  });

  it('unknown states find nothing', () => {
    saveFlow(rec('s1', 0));
    expect(takeFlow('s2', 1)).toBeUndefined();
    expect(flowCount()).toBe(1);
  });

  it('are pruned when new ones are saved, and capped', () => {
    saveFlow(rec('old', 0));
    saveFlow(rec('new', FLOW_TTL_MS + 1));
    expect(flowCount()).toBe(1);
    clearFlows();
    for (let i = 0; i < MAX_FLOWS + 5; i++) saveFlow(rec(`s${i}`, 10));
    expect(flowCount()).toBe(MAX_FLOWS);
    expect(takeFlow('s0', 11)).toBeUndefined(); // the oldest went first
    expect(takeFlow(`s${MAX_FLOWS + 4}`, 11)).toBeDefined();
  });

  it('one client filling the store evicts only its own sign-ins, never another client\'s', () => {
    saveFlow(rec('theirs', 10, '198.51.100.7'));
    for (let i = 0; i < 1_000; i++) saveFlow(rec(`mine${i}`, 10, '203.0.113.9'));
    expect(flowCount()).toBe(1 + MAX_FLOWS_PER_CLIENT);
    expect(takeFlow('theirs', 11)?.client).toBe('198.51.100.7');
    expect(takeFlow('mine0', 11)).toBeUndefined();
    expect(takeFlow('mine999', 11)).toBeDefined();
  });
});
