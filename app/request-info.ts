// What the app learns about the request that asked for a check. Kept apart from the engine:
// lib/ never sees Next's request objects.
import 'server-only';

/**
 * The origins this request reached the app on, from Host and X-Forwarded-Host. Both are
 * client-controlled, which is fine here: they only add origins a check may not target, so a
 * forged value can only make the requester's own check stricter.
 */
export function selfOriginsFrom(headers: Headers): string[] {
  const out: string[] = [];
  const hosts = [headers.get('host'), ...(headers.get('x-forwarded-host') ?? '').split(',')];
  for (const raw of hosts) {
    const host = raw?.trim();
    if (!host || !/^[A-Za-z0-9.\-[\]:]+$/.test(host)) continue;
    // Without an explicit port the scheme decides it; the proxy in front may speak either.
    if (/:\d+$/.test(host)) out.push(`http://${host}`);
    else out.push(`http://${host}`, `https://${host}`);
  }
  return out;
}
