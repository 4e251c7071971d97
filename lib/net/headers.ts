// Header lists as they come off the wire, and the few ways the engine reads them. Which header
// names are special (engine-set, credentials, safe across origins) is lib/header-registry.ts.
import type { HeaderList } from './types';

/** Every value of `name` (case-insensitive), joined as one field value (RFC 9110 §5.3). */
export function headerValue(list: HeaderList, name: string): string | undefined {
  // Read for every step, several names each: a loop that allocates only when a name repeats.
  const n = name.toLowerCase();
  let value: string | undefined;
  for (const [k, v] of list) {
    if (k.length !== n.length || (k !== n && k.toLowerCase() !== n)) continue;
    value = value === undefined ? v : `${value}, ${v}`;
  }
  return value;
}

/** A header object with lower-case names (later names win, as they would on the wire). */
export function lowerNames(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** undici's header object as an ordered list, a repeated header as one entry per value. */
export function toHeaderList(h: Record<string, string | string[] | undefined>): HeaderList {
  const list: HeaderList = [];
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const one of v) list.push([k, one]);
    else list.push([k, v]);
  }
  return list;
}
