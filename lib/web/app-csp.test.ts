import { describe, expect, it } from 'vitest';
import { appViewCsp } from './app-csp';

describe('appViewCsp', () => {
  it('is the extension\'s restrictive default when nothing is declared', () => {
    const csp = appViewCsp();
    expect(csp).toContain(`default-src 'none'`);
    expect(csp).toContain(`connect-src 'none'`);
    expect(csp).toContain(`frame-src 'none'`);
    expect(csp).toContain(`object-src 'none'`);
    expect(csp).toContain(`script-src 'self' 'unsafe-inline';`);
    expect(csp).not.toContain('unsafe-eval');
  });
  it('adds only what was declared, and only plain origins', () => {
    const csp = appViewCsp({
      connectDomains: ['https://api.example.com', "'unsafe-eval'", 'https://x.example.com; script-src *', '*'],
      resourceDomains: ['https://*.cdn.example.com', 'javascript:alert(1)'],
    });
    expect(csp).toContain('connect-src https://api.example.com;');
    expect(csp).toContain(`script-src 'self' 'unsafe-inline' https://*.cdn.example.com;`);
    expect(csp).not.toMatch(/unsafe-eval|javascript:|script-src \*/);
  });
});
