import { describe, expect, it } from 'vitest';
import { classify } from './jsonrpc';

describe('classify (JSON-RPC 2.0 envelope, checked by hand)', () => {
  it('tells requests, notifications, results and errors apart', () => {
    expect(classify({ jsonrpc: '2.0', id: 1, method: 'ping' })).toEqual({ kind: 'request', id: 1, method: 'ping', params: undefined });
    expect(classify({ jsonrpc: '2.0', method: 'notifications/message', params: { a: 1 } })).toEqual({ kind: 'notification', method: 'notifications/message', params: { a: 1 } });
    expect(classify({ jsonrpc: '2.0', id: 'x', result: {} })).toEqual({ kind: 'result', id: 'x', result: {} });
    expect(classify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: null, extra: 1 } })).toEqual({
      kind: 'error',
      id: null,
      error: { code: -32700, message: 'Parse error', data: null },
    });
  });

  it('refuses what is not one well-typed message', () => {
    expect(classify([{ jsonrpc: '2.0', id: 1, result: {} }])).toMatchObject({ kind: 'invalid', problem: 'batch' });
    expect(classify('text')).toMatchObject({ kind: 'invalid', reason: 'not a JSON object' });
    expect(classify(null)).toMatchObject({ kind: 'invalid', reason: 'not a JSON object' });
    expect(classify({ jsonrpc: '2.0', id: true, result: {} })).toMatchObject({ kind: 'invalid', reason: 'not a JSON object' });
    expect(classify({ jsonrpc: '2.0', id: 1, method: 7 })).toMatchObject({ kind: 'invalid', reason: 'not a JSON object' });
    expect(classify({ jsonrpc: '1.0', id: 1, result: {} })).toMatchObject({ kind: 'invalid', reason: '"jsonrpc" is "1.0", not "2.0"' });
    expect(classify({ jsonrpc: '2.0', id: null, method: 'ping' })).toMatchObject({ kind: 'invalid', reason: 'a request with a null id' });
    expect(classify({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } })).toMatchObject({ kind: 'invalid' });
    expect(classify({ jsonrpc: '2.0', id: 1, error: { code: 1.5, message: 'x' } })).toMatchObject({ kind: 'invalid', problem: 'error-object' });
    expect(classify({ jsonrpc: '2.0', id: 1, error: { code: 1 } })).toMatchObject({ kind: 'invalid', problem: 'error-object' });
    expect(classify({ jsonrpc: '2.0', id: 1 })).toMatchObject({ kind: 'invalid', reason: 'neither "result", "error" nor "method"' });
  });
});
