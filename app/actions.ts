'use server';
import { parseCheckRequest } from '@/lib/input';
import { headers as requestHeaders } from 'next/headers';
import { runAppCheck, type CheckResponse } from '@/app/run';
import { shareReport, type ShareResponse } from '@/app/share';
import { verifyReport } from '@/lib/report/sign';
import type { Report } from '@/lib/report/schema';

/** The Check button. Same validation and engine as POST /api/check. */
export async function checkAction(input: { url: string; headers: Array<[string, string]> }): Promise<CheckResponse> {
  const headers: Record<string, string> = {};
  for (const [k, v] of input.headers ?? []) {
    if (!k.trim() && !v.trim()) continue;
    headers[k.trim()] = v.trim();
  }
  const parsed = parseCheckRequest({ url: input.url, headers });
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return runAppCheck(parsed.value, await requestHeaders());
}

/**
 * The Share button: stores the report the check returned, if its signature proves this server
 * produced it unchanged. The argument is untrusted (a browser can send anything to an action).
 */
export async function shareAction(input: { report: unknown; signature: unknown }): Promise<ShareResponse> {
  return shareReport(input, await requestHeaders());
}

/**
 * Back from the authorization server without a token: the form shows the report it left from,
 * which waited in sessionStorage. The browser does not validate it (the report schema would be
 * 39 KB of JavaScript on the page); this server does, by its signature, and returns it parsed.
 */
export async function restoreReport(input: { report: unknown; signature: unknown }): Promise<Report | null> {
  const verified = verifyReport(input?.report, input?.signature);
  return verified.ok ? verified.report : null;
}
