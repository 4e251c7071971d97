// May this URL be checked at all? The address policy judged before the check starts, so that a
// refused target is answered as what it is, an input error ("this checker does not contact
// 127.0.0.1"), and not as a DOWN report full of steps that never went on the wire.
//
// The same rules as lib/net/outbound applies to every hop (checkUrl, checkAddress, the app's own
// listeners); outbound still applies them again on the way out and pins what it dials, so this
// pre-flight only decides how a refusal is reported, never what may be contacted.
import { isIP } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { checkAddress, checkUrl, effectivePort, listenerKey, selfTargets, type AddressPolicy } from './policy';
import { systemLookup, type Resolver } from './pinned';

export type TargetVerdict = { ok: true } | { ok: false; message: string };

/** A name that does not resolve in this long is left to the check, which reports it as DNS trouble. */
const LOOKUP_BUDGET_MS = 3_000;

async function lookupWithin(resolve: Resolver, host: string, ms: number): Promise<LookupAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([resolve(host), new Promise<LookupAddress[]>((ok) => (timer = setTimeout(() => ok([]), ms)))]);
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The policy's answer for the first request of a check. DNS trouble is not a refusal (the check
 * reports it, with the resolver's error); only an address or an origin the policy closes is.
 */
export async function judgeTarget(url: string, policy: AddressPolicy, resolve: Resolver = systemLookup): Promise<TargetVerdict> {
  const target = checkUrl(url, policy);
  if (!target.ok) return { ok: false, message: target.message };
  const port = effectivePort(target.url);
  const addresses = target.ip ? [{ address: target.ip, family: isIP(target.ip) }] : await lookupWithin(resolve, target.hostname, LOOKUP_BUDGET_MS);
  for (const a of addresses) {
    const v = checkAddress(a.address, policy, target.hostname, port);
    if (!v.ok) return { ok: false, message: `Refusing to contact ${target.hostname}: it resolves to ${v.address}, which is ${v.what}. ${v.hint}` };
  }
  // The app's own listeners under another name or notation (e.g. a name that resolves to 127.0.0.1
  // on the app's port).
  const self = selfTargets(policy);
  if (self.length && addresses.length) {
    const keys = new Set<string>();
    for (const s of self) {
      const found = isIP(s.host) ? [{ address: s.host, family: isIP(s.host) }] : s.host === 'localhost' || s.host.endsWith('.localhost') ? [{ address: '127.0.0.1', family: 4 }] : await lookupWithin(resolve, s.host, 1_000);
      for (const f of found) keys.add(listenerKey(f.address, s.port));
    }
    if (addresses.some((a) => keys.has(listenerKey(a.address, port)))) {
      return { ok: false, message: `${target.url.host} is this health checker itself; a check may not target the app.` };
    }
  }
  return { ok: true };
}
