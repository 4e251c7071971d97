// The token flow's server-side requests (client registration, code exchange) go out through lib/net
// like every other request the app makes. Bodies here carry codes, verifiers and tokens: nothing in
// this module logs, and nothing it returns is written anywhere but the caller's memory.
import { createOutbound, type OutboundHandle, type OutboundOptions } from '../net/outbound';
import type { HeaderList } from '../report/schema';
import { readText } from '../net/text';
import { appPolicy } from '../deps';

export type MakeOutbound = (options: OutboundOptions) => OutboundHandle;

/**
 * The outbound handle for registration and token requests, under the same address policy as the
 * checks (closed unless the operator opts in to private networks).
 */
export function oauthOutbound(make: MakeOutbound = createOutbound): OutboundHandle {
  return make({ policy: appPolicy() });
}

export const OAUTH_TIMEOUT_MS = 10_000;
/** Token and registration answers are small; anything larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

export type HttpAnswer =
  | { ok: true; status: number; headers: HeaderList; text: string; json: unknown }
  | { ok: false; code: string; message: string };

export async function post(handle: OutboundHandle, url: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
  const r = await handle.fetch({ method: 'POST', url, headers: { accept: 'application/json', ...headers }, body, timeoutMs: OAUTH_TIMEOUT_MS });
  if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message };
  const res = r.response;
  // The handle's own deadline covers the headers; this one bounds the body.
  const deadline = setTimeout(() => res.close(), OAUTH_TIMEOUT_MS);
  const read = await readText(res, MAX_BODY_BYTES);
  clearTimeout(deadline);
  if (!read.ok) {
    const host = new URL(url).host;
    return read.code === 'TOO_LARGE'
      ? { ok: false, code: 'TOO_LARGE', message: `The answer from ${host} is larger than ${MAX_BODY_BYTES / 1024} KB.` }
      : { ok: false, code: 'NETWORK', message: `The connection to ${host} broke while its answer was being read.` };
  }
  const text = read.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { ok: true, status: res.status, headers: res.headers, text, json };
}

export function postJson(handle: OutboundHandle, url: string, body: unknown): Promise<HttpAnswer> {
  return post(handle, url, { 'content-type': 'application/json' }, JSON.stringify(body));
}

export function postForm(handle: OutboundHandle, url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return post(handle, url, { 'content-type': 'application/x-www-form-urlencoded', ...headers }, new URLSearchParams(form).toString());
}
