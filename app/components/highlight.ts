// A tiny JSON tokenizer for syntax highlighting. React renders every token as text, so a hostile
// body can only ever be shown, never run.
export type Token = { t: 'key' | 'str' | 'num' | 'lit' | 'punct' | 'ws'; v: string };

const RE = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])|(\s+)|(.)/gs;

export function tokenizeJson(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(RE)) {
    if (m[1] !== undefined) {
      out.push({ t: m[2] ? 'key' : 'str', v: m[1] });
      if (m[2]) out.push({ t: 'punct', v: m[2] });
    } else if (m[3] !== undefined) out.push({ t: 'num', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'lit', v: m[4] });
    else if (m[5] !== undefined) out.push({ t: 'punct', v: m[5] });
    else out.push({ t: 'ws', v: m[0] });
  }
  return out;
}
