// The README badge: a flat two-part SVG in the shields.io style ("MCP | GOOD 13 tools"), coloured
// by verdict. Text widths are estimated from Verdana 11px averages, as the style's fixed font.
import type { Verdict } from '../report/schema';
import { VERDICT_LABEL } from '../report/summary';

/** Colours of shields.io's named palette: brightgreen, yellow, blue, red, lightgrey. */
export const BADGE_COLOUR: Record<Verdict | 'none', string> = {
  healthy: '#4c1',
  partial: '#dfb317',
  'auth-required': '#007ec6',
  unreachable: '#e05d44',
  none: '#9f9f9f',
};

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Rough Verdana 11px advance widths: narrow, wide and everything else. */
function textWidth(s: string): number {
  let w = 0;
  for (const c of s) w += /[il.,:;|!' ]/.test(c) ? 3.5 : /[mwMW@%]/.test(c) ? 10 : /[A-Z0-9]/.test(c) ? 7.5 : 6.5;
  return Math.ceil(w);
}

export interface BadgeInput {
  verdict?: Verdict;
  toolCount?: number;
  /** 'paused' or 'expired' instead of a verdict. */
  state?: string;
}

export function badgeText(b: BadgeInput): string {
  if (b.state && b.state !== 'active') return b.state;
  if (!b.verdict) return 'pending';
  const label = VERDICT_LABEL[b.verdict];
  return b.verdict === 'healthy' || b.verdict === 'partial' ? `${label} ${b.toolCount ?? 0} tool${b.toolCount === 1 ? '' : 's'}` : label;
}

export function badgeSvg(b: BadgeInput): string {
  const left = 'MCP';
  const right = badgeText(b);
  const colour = b.state && b.state !== 'active' ? BADGE_COLOUR.none : BADGE_COLOUR[b.verdict ?? 'none'];
  const lw = textWidth(left) + 12;
  const rw = textWidth(right) + 12;
  const w = lw + rw;
  const title = escapeXml(`${left}: ${right}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${title}"><title>${title}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${rw}" height="20" fill="${colour}"/><rect width="${w}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${escapeXml(left)}</text><text x="${lw / 2}" y="14">${escapeXml(left)}</text><text x="${lw + rw / 2}" y="15" fill="#010101" fill-opacity=".3">${escapeXml(right)}</text><text x="${lw + rw / 2}" y="14">${escapeXml(right)}</text></g></svg>`;
}
