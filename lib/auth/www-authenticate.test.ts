import { describe, expect, it } from 'vitest';
import {
  challengeParams,
  duplicateParams,
  findChallenge,
  param,
  parseWwwAuthenticate,
  selectChallenge,
  splitScope,
} from './www-authenticate';

describe('parseWwwAuthenticate: challenges shaped as RFC 9110 §11.6.1, RFC 6750 §3 and RFC 9728 §5.1 allow', () => {
  it('Bearer with resource_metadata and scope', () => {
    const r = parseWwwAuthenticate([
      'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="files:read files:write"',
    ]);
    expect(r.malformed).toBe(false);
    expect(r.challenges).toEqual([
      {
        scheme: 'Bearer',
        params: [
          ['resource_metadata', 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp'],
          ['scope', 'files:read files:write'],
        ],
      },
    ]);
    expect(splitScope(param(r.challenges[0]!, 'scope'))).toEqual(['files:read', 'files:write']);
  });

  it('quoted string with an escaped quote and a comma inside', () => {
    const r = parseWwwAuthenticate([
      'Bearer realm="mcp", error="invalid_token", error_description="token \\"abc\\" expired, please retry"',
    ]);
    expect(r.malformed).toBe(false);
    expect(r.challenges).toHaveLength(1);
    expect(challengeParams(r.challenges[0]!)).toEqual({
      realm: 'mcp',
      error: 'invalid_token',
      errorDescription: 'token "abc" expired, please retry',
    });
  });

  it('DPoP then Bearer in one line', () => {
    const r = parseWwwAuthenticate([
      'DPoP algs="ES256 PS256", Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"',
    ]);
    expect(r.malformed).toBe(false);
    expect(r.challenges.map((c) => c.scheme)).toEqual(['DPoP', 'Bearer']);
    expect(r.challenges[0]!.params).toEqual([['algs', 'ES256 PS256']]);
    expect(selectChallenge(r.challenges)?.scheme).toBe('Bearer');
    expect(challengeParams(selectChallenge(r.challenges)!).resourceMetadata).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource',
    );
  });

  it('Basic on one line, Bearer with an unquoted token value on a second line', () => {
    const r = parseWwwAuthenticate(['Basic realm="legacy"', 'Bearer error=invalid_token']);
    expect(r.malformed).toBe(false);
    expect(r.challenges).toEqual([
      { scheme: 'Basic', params: [['realm', 'legacy']] },
      { scheme: 'Bearer', params: [['error', 'invalid_token']] },
    ]);
  });

  it('403 insufficient_scope', () => {
    const r = parseWwwAuthenticate([
      'Bearer error="insufficient_scope", scope="files:write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"',
    ]);
    expect(r.malformed).toBe(false);
    expect(challengeParams(r.challenges[0]!)).toEqual({
      error: 'insufficient_scope',
      scope: 'files:write',
      resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource',
    });
  });
});

describe('parseWwwAuthenticate: nasty input', () => {
  it('no header lines: no challenges, not malformed', () => {
    expect(parseWwwAuthenticate([])).toEqual({ challenges: [], malformed: false, problems: [] });
  });

  it('an empty header line is malformed', () => {
    const r = parseWwwAuthenticate(['', '  ']);
    expect(r.challenges).toEqual([]);
    expect(r.malformed).toBe(true);
  });

  it('trailing and doubled commas are empty list elements (RFC 9110 §5.6.1)', () => {
    const r = parseWwwAuthenticate(['Bearer realm="a",, scope="x y",']);
    expect(r.malformed).toBe(false);
    expect(r.challenges).toEqual([{ scheme: 'Bearer', params: [['realm', 'a'], ['scope', 'x y']] }]);
  });

  it('unterminated quote: value kept, flagged, no throw', () => {
    const r = parseWwwAuthenticate(['Bearer error="invalid_token", realm="mcp, please']);
    expect(r.malformed).toBe(true);
    expect(r.challenges).toEqual([
      { scheme: 'Bearer', params: [['error', 'invalid_token'], ['realm', 'mcp, please']] },
    ]);
    // A quote that closes later swallows what follows; still no throw, still flagged.
    const r2 = parseWwwAuthenticate(['Bearer realm="mcp, error="invalid_token']);
    expect(r2.malformed).toBe(true);
    expect(r2.challenges[0]!.params[0]).toEqual(['realm', 'mcp, error=']);
  });

  it('trailing backslash inside a quoted string is flagged', () => {
    const r = parseWwwAuthenticate(['Bearer realm="abc\\']);
    expect(r.malformed).toBe(true);
  });

  it('Basic token68 with = padding followed by a Bearer challenge', () => {
    const r = parseWwwAuthenticate(['Basic dXNlcjpwYXNzd29yZA==, Bearer realm="x", scope="a"']);
    expect(r.malformed).toBe(false);
    expect(r.challenges).toEqual([
      { scheme: 'Basic', token68: 'dXNlcjpwYXNzd29yZA==', params: [] },
      { scheme: 'Bearer', params: [['realm', 'x'], ['scope', 'a']] },
    ]);
  });

  it('token68 without padding, with "/" and "+"', () => {
    const r = parseWwwAuthenticate(['Negotiate YII+Bg/Yr']);
    expect(r.challenges).toEqual([{ scheme: 'Negotiate', token68: 'YII+Bg/Yr', params: [] }]);
  });

  it('token68 followed by whitespace and another challenge (missing comma) is read, and flagged', () => {
    const r = parseWwwAuthenticate(['Basic abc= Bearer realm="x"']);
    expect(r.challenges.map((c) => [c.scheme, c.token68])).toEqual([
      ['Basic', 'abc='],
      ['Bearer', undefined],
    ]);
    expect(r.malformed).toBe(true);
  });

  it('params spread across header lines continue the challenge (RFC 9110 §5.3)', () => {
    const r = parseWwwAuthenticate(['Bearer realm="mcp"', 'scope="a b"', 'error="invalid_token"']);
    expect(r.malformed).toBe(false);
    expect(r.challenges).toEqual([
      { scheme: 'Bearer', params: [['realm', 'mcp'], ['scope', 'a b'], ['error', 'invalid_token']] },
    ]);
  });

  it('scheme and parameter names are case-insensitive', () => {
    const r = parseWwwAuthenticate(['bearer Resource_Metadata="https://x/y", SCOPE=read']);
    const c = findChallenge(r.challenges, 'BEARER');
    expect(c?.scheme).toBe('bearer');
    expect(challengeParams(c!)).toEqual({ resourceMetadata: 'https://x/y', scope: 'read' });
  });

  it('whitespace around "=" (BWS) is accepted', () => {
    const r = parseWwwAuthenticate(['Bearer realm = "x" , error= invalid_token']);
    expect(r.malformed).toBe(false);
    expect(r.challenges[0]!.params).toEqual([['realm', 'x'], ['error', 'invalid_token']]);
  });

  it('duplicate parameters are kept and listed', () => {
    const r = parseWwwAuthenticate(['Bearer scope="a", realm="x", scope="b"']);
    expect(r.challenges[0]!.params).toHaveLength(3);
    expect(duplicateParams(r.challenges[0]!)).toEqual(['scope']);
    expect(param(r.challenges[0]!, 'scope')).toBe('a');
  });

  it('bare scheme with no data', () => {
    const r = parseWwwAuthenticate(['Bearer']);
    expect(r).toEqual({ challenges: [{ scheme: 'Bearer', params: [] }], malformed: false, problems: [] });
  });

  it('unquoted URL value is accepted but flagged', () => {
    const r = parseWwwAuthenticate(['Bearer resource_metadata=https://x.example/.well-known/oauth-protected-resource']);
    expect(r.malformed).toBe(true);
    expect(challengeParams(r.challenges[0]!).resourceMetadata).toBe(
      'https://x.example/.well-known/oauth-protected-resource',
    );
  });

  it('garbage is flagged, never thrown', () => {
    for (const junk of ['=', '"', ',,,', '=x, Bearer', '"quoted", Bearer realm=x', 'Bearer foo bar', '\u0000']) {
      expect(() => parseWwwAuthenticate([junk])).not.toThrow();
    }
    expect(parseWwwAuthenticate(['realm="x"']).malformed).toBe(true);
    expect(parseWwwAuthenticate(['Bearer foo bar']).malformed).toBe(true);
    const r = parseWwwAuthenticate(['"quoted, with comma", Bearer realm=x']);
    expect(r.malformed).toBe(true);
    expect(r.challenges).toEqual([{ scheme: 'Bearer', params: [['realm', 'x']] }]);
  });

  it('selectChallenge falls back to a non-Bearer scheme carrying resource_metadata', () => {
    const r = parseWwwAuthenticate(['Basic realm="x", DPoP resource_metadata="https://a/b"']);
    expect(selectChallenge(r.challenges)?.scheme).toBe('DPoP');
    expect(selectChallenge(parseWwwAuthenticate(['Basic realm="x"']).challenges)).toBeUndefined();
  });
});
