// Alerts by webhook: a small JSON POST on a verdict change or a drift. It goes out through the
// same outbound module as a check (lib/net/outbound): the address policy, DNS pinning and limits
// apply, so a webhook can no more reach a private address than a check can.
import { createOutbound, type OutboundOptions } from '../net/outbound';
import { checkUrl, type AddressPolicy } from '../net/policy';

export interface WebhookBody {
  monitor: { id: string; url: string; statusUrl: string };
  event: { kind: string; title: string; at: string; security: boolean; detail: unknown };
}

const TIMEOUT_MS = 5_000;

/** Whether the policy allows this webhook URL at all (before DNS), with a sentence if not. */
export function checkWebhookUrl(url: string, policy: AddressPolicy): { ok: true } | { ok: false; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, message: 'The webhook URL is not a valid URL.' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, message: 'The webhook URL must be http:// or https://.' };
  const verdict = checkUrl(url, policy);
  return verdict.ok ? { ok: true } : { ok: false, message: `Webhook refused: ${verdict.message}` };
}

/** POSTs the body; returns what to record ("200", "refused: …", "failed: …"). Never throws. */
export async function deliverWebhook(url: string, body: WebhookBody, options: OutboundOptions): Promise<string> {
  const handle = createOutbound({ ...options, maxRedirects: 0 });
  try {
    const res = await handle.fetch({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: TIMEOUT_MS,
    });
    if (!res.ok) return `${res.error.code === 'BLOCKED' || res.error.code === 'INVALID_URL' ? 'refused' : 'failed'}: ${res.error.message}`.slice(0, 300);
    res.response.close();
    return String(res.response.status);
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300);
  } finally {
    await handle.close();
  }
}
