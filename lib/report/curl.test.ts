import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { placeholderFor, toCurl } from './curl';

describe('copy as curl', () => {
  it('quotes headers and body for a POSIX shell, and puts $MCP_TOKEN where the masked token was', () => {
    const cmd = toCurl({
      method: 'POST',
      url: 'https://x.example/mcp',
      headers: [
        ['content-type', 'application/json'],
        ['Authorization', 'Bearer ••••••'],
      ],
      body: `{"q":"it's"}`,
    });
    expect(cmd).toBe(
      `# export MCP_TOKEN='…'   # your Authorization value (not included here)\n` +
        `curl -sS -i -X POST -H 'content-type: application/json' -H "Authorization: Bearer $MCP_TOKEN" --data-raw '{"q":"it'\\''s"}' 'https://x.example/mcp'`,
    );
    expect(cmd).not.toContain('••••••');
  });

  it('omits -X for GET', () => {
    expect(toCurl({ method: 'GET', url: 'https://x.example/', headers: [] })).toBe(`curl -sS -i 'https://x.example/'`);
  });

  it('names a variable per masked header', () => {
    expect(placeholderFor('X-Api-Key')).toBe('MCP_X_API_KEY');
    expect(placeholderFor('Mcp-Session-Id')).toBe('MCP_SESSION_ID');
    const cmd = toCurl({ method: 'GET', url: 'https://x.example/', headers: [['X-Api-Key', '••••••'], ['Mcp-Session-Id', '••••••']] });
    expect(cmd.split('\n')).toHaveLength(3);
    expect(cmd).toContain(`-H "X-Api-Key: $MCP_X_API_KEY" -H "Mcp-Session-Id: $MCP_SESSION_ID"`);
  });

  it('a shell expands the variable and nothing else: what curl would receive', () => {
    const cmd = toCurl({ method: 'POST', url: 'https://x.example/mcp', headers: [['Authorization', 'Bearer ••••••'], ['x-note', 'a $HOME `b` "c"']], body: '{"a":"$PATH"}' });
    // Replace curl with printf so the shell shows the arguments it built.
    const args = execFileSync('sh', ['-c', cmd.replace(/^curl /m, `printf '%s\\n' `)], { env: { ...process.env, MCP_TOKEN: 'tok-123' } }).toString();
    expect(args).toContain('Authorization: Bearer tok-123\n');
    expect(args).toContain('x-note: a $HOME `b` "c"\n');
    expect(args).toContain('{"a":"$PATH"}\n');
  });
});
