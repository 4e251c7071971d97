// A pending sign-in record for the flow-store tests (memory and database): only what each test
// varies is a parameter.
import type { FlowRecord } from '@/lib/signin/flows';

export const flowRecord = (state: string, client: string, createdAt: number, over: Partial<FlowRecord> = {}): FlowRecord => ({
  state,
  binding: `binding-${state}`,
  verifier: 'v'.repeat(43),
  issuer: 'https://as.example',
  issRequired: true,
  tokenEndpoint: 'https://as.example/token',
  clientId: 'c',
  tokenAuthMethod: 'none',
  redirectUri: 'https://app.example/oauth/callback',
  resource: 'https://mcp.example/mcp',
  mcpUrl: 'https://mcp.example/mcp',
  client,
  createdAt,
  ...over,
});
