import { describe, expect, it } from 'vitest';
import { handoffPage, returnPath } from './handoff-page';

describe('handoffPage', () => {
  it('carries the token in a JSON data block that cannot break out of its script element', () => {
    const html = handoffPage(
      { kind: 'token', mcpUrl: 'http://127.0.0.1:1/mcp?a=</script><script>alert(1)</script>', token: { access_token: 'tok</script>', token_type: 'Bearer', resource: 'r', issuer: 'i' } },
      undefined,
    );
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('tok\\u003c/script\\u003e');
    expect(html).toContain('<script src="/oauth/callback.js"></script>');
    // No inline executable script at all: only the data block and the static file.
    expect(html.match(/<script(?![^>]*(type="application\/json"|src=))/g)).toBeNull();
  });

  it('adds a nonce when the CSP proxy provides one, and ignores a malformed one', () => {
    const outcome = { kind: 'error' as const, mcpUrl: 'http://127.0.0.1:1/mcp', title: 'T', message: 'M' };
    expect(handoffPage(outcome, 'abc123==')).toContain('<script src="/oauth/callback.js" nonce="abc123=="></script>');
    expect(handoffPage(outcome, '"><x')).toContain('<script src="/oauth/callback.js"></script>');
  });

  it('shows errors as text, escaped, with a way back; unknown flows get no script', () => {
    const html = handoffPage({ kind: 'error', title: 'Sign-in <b>', message: 'Said “<img src=x>”' }, undefined);
    expect(html).toContain('Sign-in &lt;b&gt;');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).toContain('<a href="/">Back to the check</a>');
    expect(html).not.toContain('<script');
  });

  it('sends the tab back to the same check', () => {
    expect(returnPath('http://127.0.0.1:5/mcp?x=1')).toBe('/?url=http%3A%2F%2F127.0.0.1%3A5%2Fmcp%3Fx%3D1&auth=1');
  });
});
