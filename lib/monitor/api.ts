// The monitors API's contract (issue 18): bodies of /api/monitors and /api/monitors/{id} as zod
// schemas. The routes parse with them and lib/openapi.ts documents the very same schemas.
import { z } from 'zod';
import { CheckRequest } from '../input';
import { Verdict } from '../report/schema';

export const CreateMonitorRequest = z
  .object({
    url: CheckRequest.shape.url,
    intervalSeconds: z.number({ error: '"intervalSeconds" must be a number of seconds.' }).int('"intervalSeconds" must be a whole number of seconds.').optional(),
    webhookUrl: z.string().trim().max(2048, 'The webhook URL is longer than 2048 characters.').optional(),
  })
  .describe('What to watch. No headers: monitors never store credentials, so a protected server is watched up to its auth surface.');

export const PatchMonitorRequest = z
  .object({
    intervalSeconds: z.number().int().optional(),
    paused: z.boolean().optional(),
    webhookUrl: z.string().trim().max(2048).nullable().optional().describe('null removes the webhook.'),
  })
  .describe('What to change; send only the fields to change. Needs Authorization: Bearer <manageToken>.');

export const CreateMonitorResponse = z
  .object({
    id: z.string(),
    statusUrl: z.url().describe('The public status page.'),
    badgeUrl: z.url().describe('The README badge (SVG).'),
    manageToken: z.string().describe('Shown once and never stored in the clear: send it as Authorization: Bearer <manageToken> to PATCH or DELETE.'),
    manageUrl: z.url().describe('The private manage page (the token is in its fragment, which browsers never send).'),
    intervalSeconds: z.number().int(),
  })
  .describe('The new monitor.');

const RunSummary = z.object({
  id: z.string(),
  checkedAt: z.iso.datetime(),
  verdict: Verdict,
  durationMs: z.number(),
  toolCount: z.number().int(),
  summary: z.string(),
  reportUrl: z.string().optional().describe('The run report (kept 30 days; older runs keep only this summary).'),
});

const Event = z.object({
  at: z.iso.datetime(),
  kind: z.enum(['verdict', 'drift', 'paused']),
  title: z.string(),
  security: z.boolean().describe('A tool definition changed.'),
  detail: z.unknown(),
});

export const MonitorResponse = z
  .object({
    id: z.string(),
    url: z.string(),
    state: z.enum(['active', 'paused', 'expired']),
    stateNote: z.string().optional(),
    intervalSeconds: z.number().int(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().describe('90 days after the last visit to the manage link.'),
    verdict: Verdict.optional(),
    toolCount: z.number().int().optional(),
    lastRunAt: z.iso.datetime().optional(),
    uptime: z.object({ h24: z.number().nullable(), d7: z.number().nullable(), d30: z.number().nullable() }).describe('Share of runs that got an answer (0..1); null without runs.'),
    latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).describe('Over the last 24 hours.'),
    runs: z.array(RunSummary).describe('The most recent runs, newest first.'),
    events: z.array(Event).describe('Verdict changes and drift, newest first.'),
  })
  .describe('A monitor: its state, uptime and recent history.');
export type MonitorResponse = z.infer<typeof MonitorResponse>;
