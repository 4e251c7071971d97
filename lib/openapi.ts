// The OpenAPI 3.1 document for the JSON API and /health, generated from the zod schemas the routes
// use (lib/api.ts, lib/report/schema.ts) with zod 4's JSON Schema output. OpenAPI 3.1 schemas are
// JSON Schema draft 2020-12, which is zod's default target, so no translation is needed.
import { z } from 'zod';
import { AuthReport } from './report/auth';
import { ApiError, CallApiRequest, CallApiResponse, CheckApiRequest, CheckApiResponse, HealthResponse, SharedReportGone, SharedReportResponse, SharedReportUnreadable } from './api';
import { Finding, Report, Step, Tool } from './report/schema';
import { CreateMonitorRequest, CreateMonitorResponse, MonitorResponse, PatchMonitorRequest } from './monitor/api';

export const API_VERSION = '1.0.0';

type JsonSchema = z.core.JSONSchema.BaseSchema;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes?: Record<string, unknown> };
}

type Meta = { id: string };
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * Schemas named here become components; every other one is inlined where it is used. Requests are
 * converted as zod reads them (io: input: defaults make fields optional), responses as the routes
 * write them (io: output).
 */
function components(): Record<string, JsonSchema> {
  const requests = z.registry<Meta>();
  requests.add(CheckApiRequest, { id: 'CheckRequest' });
  requests.add(CreateMonitorRequest, { id: 'CreateMonitorRequest' });
  requests.add(PatchMonitorRequest, { id: 'PatchMonitorRequest' });
  requests.add(CallApiRequest, { id: 'CallRequest' });
  const responses = z.registry<Meta>();
  responses.add(CheckApiResponse, { id: 'CheckResponse' });
  responses.add(CallApiResponse, { id: 'CallResponse' });
  responses.add(SharedReportResponse, { id: 'SharedReport' });
  responses.add(SharedReportGone, { id: 'SharedReportGone' });
  responses.add(SharedReportUnreadable, { id: 'SharedReportUnreadable' });
  responses.add(HealthResponse, { id: 'Health' });
  responses.add(CreateMonitorResponse, { id: 'CreatedMonitor' });
  responses.add(MonitorResponse, { id: 'Monitor' });
  responses.add(ApiError, { id: 'Error' });
  responses.add(Report, { id: 'Report' });
  responses.add(Step, { id: 'Step' });
  responses.add(Finding, { id: 'Finding' });
  responses.add(Tool, { id: 'Tool' });
  responses.add(AuthReport, { id: 'AuthReport' });

  const common = { target: 'draft-2020-12', unrepresentable: 'throw', uri: (id: string) => `#/components/schemas/${id}` } as const;
  const all = {
    ...z.toJSONSchema(requests, { ...common, io: 'input' }).schemas,
    ...z.toJSONSchema(responses, { ...common, io: 'output' }).schemas,
  };
  // zod stamps each root with $schema and an $id equal to its URI; in an OpenAPI document the
  // dialect is the document's and a fragment-only $id is not allowed, so both go.
  return Object.fromEntries(
    Object.entries(all).map(([id, schema]) => {
      const copy = { ...schema };
      delete copy.$schema;
      delete copy.$id;
      return [id, copy];
    }),
  );
}

const json = (schema: object, description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema } },
});

const noStore = { 'Cache-Control': { description: 'Always `no-store`.', schema: { type: 'string' } } };
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } };

export function buildOpenApi(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'MCP Health Check API',
      version: API_VERSION,
      description:
        'Check a remote MCP server (Streamable HTTP, both protocol eras) and get the same report the web page and the CLI show. Generated from the zod schemas in lib/api.ts and lib/report/schema.ts.',
    },
    paths: {
      '/api/check': {
        post: {
          operationId: 'check',
          summary: 'Check one MCP server',
          description:
            'Runs the check and returns the report. With "share": true the report is also stored as the Share button stores it, and the response carries shareUrl. Same validation, limits and rate limits as the page.\n\n' +
            'Live: with `Accept: text/event-stream` the same check answers 200 as an event stream once every refusal below is past (refusals stay JSON with their status). Events: `step` (one Step as it finishes, masked as in the report), `verdict` (`{"verdict", "era", "toolCount", "afterMs"}` as soon as it is known, before the session DELETE), `report` (this 200 body), or `error` (`{"error"}`, the stream ends). Closing the connection cancels the check: requests in flight end and nothing more is sent to the server.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CheckRequest') } } },
          responses: {
            '200': {
              ...json(ref('CheckResponse'), 'The report (whatever the verdict: a server that is down is a report, not an error).', noStore),
              content: {
                'application/json': { schema: ref('CheckResponse') },
                'text/event-stream': { schema: { type: 'string', description: 'Server-sent events: step, verdict, then report (or error). See the operation description.' } },
              },
            },
            '400': json(ref('Error'), 'The body is not JSON, or the URL, a header or "share" is invalid.'),
            '403': json(ref('Error'), 'A browser sent the request from another site (Origin or Sec-Fetch-Site); servers and scripts that send neither are not affected.'),
            '413': json(ref('Error'), 'The body is too large, or sharing was requested but the report is too large to store.'),
            '415': json(ref('Error'), 'The body is not sent as Content-Type: application/json.'),
            '422': json(ref('Error'), 'The address policy refuses the target (a private, loopback or metadata address, or this app itself); nothing was sent to it. "field" is "url".'),
            '429': json(ref('Error'), 'Too many checks from this client; try again later.', retryAfter),
            '503': json(ref('Error'), 'Sharing was requested, but the report store is unavailable. The check itself was not lost: run it again without "share".'),
          },
        },
      },
      '/api/call': {
        post: {
          operationId: 'callTool',
          summary: 'Call one tool (Try)',
          description:
            'Calls a tool in the era the check found (2026-07-28: one stateless request; earlier revisions: a fresh session, closed afterwards) and reads the result: content by type, isError, structuredContent against outputSchema, progress and server requests. A call can have side effects on the server. Tool calls have their own, lower rate limit (RATE_LIMIT_CALLS); with a URL, the check that runs first counts as a check.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CallRequest') } } },
          responses: {
            '200': json(ref('CallResponse'), 'The call was made (whatever came back: a tool error or a protocol error is a result here, not an HTTP error).', noStore),
            '400': json(ref('Error'), 'The body is not JSON, the report is not one this app signed, the tool is not in the report, or the arguments break its inputSchema.'),
            '409': json(ref('Error'), 'The report has no era a tool can be called in (the check failed, or HTTP+SSE only), or it already holds the most calls.'),
            '413': json(ref('Error'), 'The request body is too large.'),
            '429': json(ref('Error'), 'Too many tool calls (or checks) from this client; try again later.', retryAfter),
          },
        },
      },
      '/api/reports/{id}': {
        get: {
          operationId: 'getSharedReport',
          summary: 'Read a shared report',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'The id at the end of a share link.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{21}$' } }],
          responses: {
            '200': json(ref('SharedReport'), 'The stored, sanitized report.'),
            '404': json(ref('Error'), 'No shared report has this id.'),
            '410': json(ref('SharedReportGone'), 'The shared report expired (they are kept for 7 days).'),
            '500': json(ref('SharedReportUnreadable'), 'The stored report can no longer be read.'),
            '503': json(ref('Error'), 'The report store is unavailable.', retryAfter),
          },
        },
      },
      '/api/monitors': {
        post: {
          operationId: 'createMonitor',
          summary: 'Watch a server',
          description:
            'Checks the server on a schedule (at least MONITOR_MIN_INTERVAL seconds apart, 300 on the public app), records each run, notices changes of its tools and other surface, and alerts by webhook and Atom feed. No headers: a protected server is watched up to its auth surface. The manage token is returned once.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateMonitorRequest') } } },
          responses: {
            '201': json(ref('CreatedMonitor'), 'The monitor: its public status page and badge, and the manage token (shown once).', noStore),
            '400': json(ref('Error'), 'Invalid URL, interval or webhook URL (a webhook may not target a private address either).'),
            '429': json(ref('Error'), 'Too many monitors from this client.', retryAfter),
            '503': json(ref('Error'), 'The database is unavailable.'),
          },
        },
      },
      '/api/monitors/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{21}$' } }],
        get: {
          operationId: 'getMonitor',
          summary: "A monitor's state, uptime, recent runs and changes",
          responses: { '200': json(ref('Monitor'), 'The monitor.', noStore), '404': json(ref('Error'), 'No monitor has this id.') },
        },
        patch: {
          operationId: 'updateMonitor',
          summary: 'Change the interval or webhook, pause or resume',
          security: [{ manageToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('PatchMonitorRequest') } } },
          responses: {
            '200': json(ref('Monitor'), 'The monitor after the change.', noStore),
            '400': json(ref('Error'), 'Invalid interval or webhook URL.'),
            '401': json(ref('Error'), 'The manage token is missing or wrong.'),
            '404': json(ref('Error'), 'No monitor has this id.'),
          },
        },
        delete: {
          operationId: 'deleteMonitor',
          summary: 'Delete the monitor, its runs and its events',
          security: [{ manageToken: [] }],
          responses: { '204': { description: 'Deleted.' }, '401': json(ref('Error'), 'The manage token is missing or wrong.'), '404': json(ref('Error'), 'No monitor has this id.') },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: "The app's own health",
          description: 'For load balancers and uptime monitors. Never cached.',
          responses: {
            '200': json(ref('Health'), 'Healthy: the app serves requests and reaches its database.', noStore),
            '503': json(ref('Health'), 'Unhealthy, with the reason (e.g. the database cannot be reached).', noStore),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 document.') },
        },
      },
    },
    components: { schemas: components(), securitySchemes: { manageToken: { type: 'http', scheme: 'bearer', description: 'The manageToken returned when the monitor was created.' } } },
  };
}
