'use server';
import { headers as requestHeaders } from 'next/headers';
import { shareReport, type ShareResponse } from '@/app/share';
import { runAppCall, type CallResponse } from '@/app/call';
import type { Report } from '@/lib/report/schema';
import { signReport, verifyReport } from '@/lib/report/sign';
import { mergeTrail, verifyTrail } from '@/lib/signin/trail-sign';

/** The trail a check with a new token carries, if the input has one; verified, never trusted as sent. */
function trailOf(input: unknown) {
  if (typeof input !== 'object' || input === null) return undefined;
  const t = (input as { trail?: unknown }).trail;
  if (typeof t !== 'object' || t === null) return undefined;
  const { trail, signature } = t as { trail?: unknown; signature?: unknown };
  return verifyTrail(trail, signature);
}

/**
 * The Share button: stores the report the check returned, if its signature proves this server
 * produced it unchanged. The argument is untrusted (a browser can send anything to an action).
 */
export async function shareAction(input: unknown): Promise<ShareResponse> {
  return shareReport(input, await requestHeaders());
}

/**
 * Back from the authorization server: without a token the form shows the report it left from,
 * which waited in sessionStorage; with one, the check it re-ran (POST /api/check) gets the trail
 * of the sign-in in front of its steps. The browser does not validate it (the report schema would be
 * 39 KB of JavaScript on the page); this server does, by its signature, and returns it parsed.
 */
export async function restoreReport(input: unknown): Promise<{ report: Report; signature: string } | null> {
  if (typeof input !== 'object' || input === null) return null;
  const { report, signature } = input as { report?: unknown; signature?: unknown };
  const verified = verifyReport(report, signature);
  if (!verified.ok || typeof signature !== 'string') return null;
  // A sign-in that failed shows its trail on the report it left from, so the broken step is visible.
  const trail = trailOf(input);
  if (trail === undefined) return { report: verified.report, signature };
  const merged = mergeTrail(verified.report, trail);
  return { report: merged, signature: signReport(merged) };
}

/**
 * Try on a tool of a live report: the signed report, the tool and its arguments, and the headers
 * the person typed for the check (used for this call, never stored). Same door as POST /api/call.
 */
export async function callAction(input: { report: unknown; signature: unknown; tool: unknown; arguments: unknown; headers: Array<[string, string]> }): Promise<CallResponse> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Array.isArray(input?.headers) ? input.headers : []) {
    if (typeof k !== 'string' || typeof v !== 'string' || (!k.trim() && !v.trim())) continue;
    headers[k.trim()] = v.trim();
  }
  return runAppCall({ report: input?.report, signature: input?.signature, tool: input?.tool, arguments: input?.arguments, headers }, await requestHeaders());
}
