import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args';

const ok = (argv: string[]) => {
  const r = parseCliArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.command;
};
const err = (argv: string[]) => {
  const r = parseCliArgs(argv);
  if (r.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return r.error;
};

describe('parseCliArgs', () => {
  it('parses a check with every option', () => {
    expect(
      ok(['check', 'https://example.com/mcp', '-H', 'Authorization: Bearer abc', '--header', 'X-Team:  blue ', '--json', '--timeout', '2.5', '--strict', '--fail-on', 'should', '--no-probes', '--junit', 'out/mcp.xml', '-q']),
    ).toEqual({
      kind: 'check',
      url: 'https://example.com/mcp',
      headers: { Authorization: 'Bearer abc', 'X-Team': 'blue' },
      format: 'json',
      timeoutMs: 2500,
      strict: true,
      failOn: 'should',
      probes: false,
      junit: 'out/mcp.xml',
      quiet: true,
    });
  });

  it('defaults', () => {
    expect(ok(['check', 'http://localhost:3000/mcp'])).toEqual({ kind: 'check', url: 'http://localhost:3000/mcp', headers: {}, format: 'text', strict: false, probes: true, quiet: false });
  });

  it('keeps colons after the first in a header value', () => {
    const c = ok(['check', 'https://e.com/mcp', '-H', 'X-Url: https://a:b@c']);
    expect(c.kind === 'check' && c.headers).toEqual({ 'X-Url': 'https://a:b@c' });
  });

  it('help and version', () => {
    expect(ok(['--help'])).toEqual({ kind: 'help' });
    expect(ok(['check', '-h'])).toEqual({ kind: 'help' });
    expect(ok(['-V'])).toEqual({ kind: 'version' });
  });

  it.each([
    [[], /missing command/],
    [['check'], /missing <url>/],
    [['https://e.com/mcp'], /unknown command .*did you mean: mcp-health check https:\/\/e.com\/mcp/],
    [['check', 'a', 'b'], /unexpected argument "b"/],
    [['check', 'https://e.com/mcp', '--nope'], /Unknown option '--nope'/],
    [['check', 'https://e.com/mcp', '--timeout'], /--timeout/],
    [['check', 'https://e.com/mcp', '--timeout', 'soon'], /--timeout must be a number/],
    [['check', 'https://e.com/mcp', '--timeout', '0'], /--timeout must be a number/],
    [['check', 'https://e.com/mcp', '--timeout', '601'], /--timeout must be a number/],
    [['check', 'https://e.com/mcp', '-H', 'no colon'], /is not "Name: value"/],
    [['check', 'https://e.com/mcp', '-H', 'Bad Name: v'], /not a valid header name/],
    [['check', 'ftp://e.com/mcp'], /Only http:\/\/ and https:\/\//],
    [['check', 'not a url'], /is not a valid URL/],
    [['check', 'https://e.com/mcp', '--junit', ' '], /--junit needs a file name/],
    [['check', 'https://e.com/mcp', '--fail-on', 'may'], /--fail-on must be "must" or "should"/],
  ])('%j is a usage error', (argv, message) => {
    expect(err(argv)).toMatch(message);
  });
});

describe('parseCliArgs --stdio', () => {
  it('takes the server command line after --, even when it looks like our options', () => {
    expect(ok(['check', '--stdio', '--env', 'API_KEY=a=b', '--env', 'DEBUG=', '--cwd', 'srv', '--startup-timeout', '20', '--json', '--', 'node', 'server.js', '--json', '-q'])).toEqual({
      kind: 'check',
      url: 'stdio:node server.js --json -q',
      headers: {},
      format: 'json',
      strict: false,
      probes: true,
      quiet: false,
      stdio: { command: 'node', args: ['server.js', '--json', '-q'], env: { API_KEY: 'a=b', DEBUG: '' }, cwd: 'srv', startupTimeoutMs: 20_000 },
    });
  });

  it.each([
    [['check', '--stdio'], 'missing the server command'],
    [['check', '--stdio', 'https://x.example/mcp', '--', 'node'], 'not a URL'],
    [['check', '--stdio', '-H', 'A: b', '--', 'node'], '--env KEY=VALUE'],
    [['check', '--stdio', '--env', 'NOPE', '--', 'node'], 'not KEY=VALUE'],
    [['check', '--stdio', '--from', 'list.txt', '--', 'node'], 'cannot be used together'],
    [['check', '--stdio', '--startup-timeout', '0', '--', 'node'], '--startup-timeout must be'],
    [['check', 'https://x.example/mcp', '--env', 'A=b'], '--env is for --stdio'],
    [['check', 'https://x.example/mcp', '--', 'node'], 'did you mean --stdio'],
    [['call', '--stdio', '--', 'node'], '--stdio is for "check"'],
  ])('%j is a usage error', (argv, message) => {
    expect(err(argv)).toContain(message);
  });
});
