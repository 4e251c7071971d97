// A code block: JSON is highlighted token by token (as text, never as HTML).
import { tokenizeJson } from './highlight';
import { prettyBody } from './format';

export function Code({ text, contentType, className = 'body' }: { text: string; contentType?: string | undefined; className?: string }) {
  const pretty = prettyBody(text, contentType);
  const isJson = pretty !== text || /^\s*[{[]/.test(text);
  return (
    // Focusable so keyboard users can scroll a long body (WCAG 2.1.1; axe scrollable-region-focusable).
    <pre className={className} tabIndex={0}>
      <code>{isJson ? tokenizeJson(pretty).map((tok, i) => (tok.t === 'ws' || tok.t === 'punct' ? tok.v : <span key={i} className={`j-${tok.t}`}>{tok.v}</span>)) : pretty}</code>
    </pre>
  );
}
