// A scripted lib/net stand-in for unit tests: records each request and answers from a list.
import type { OutboundHandle } from '@/lib/net/outbound';
import type { OutboundRequest } from '@/lib/net/types';
import type { MakeOutbound } from '@/lib/signin/http';

export interface Scripted {
  status: number;
  body: unknown;
  headers?: Array<[string, string]>;
}

export function scriptedOutbound(answers: Scripted[]): { make: MakeOutbound; sent: OutboundRequest[] } {
  const sent: OutboundRequest[] = [];
  const make: MakeOutbound = (): OutboundHandle => ({
    fetch: async (req) => {
      sent.push(req);
      const a = answers.shift();
      if (a === undefined) return { ok: false, error: { code: 'CONNECT', message: 'nothing scripted' }, timing: { totalMs: 0 } };
      const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
      return {
        ok: true,
        response: {
          status: a.status,
          statusText: '',
          url: req.url,
          headers: a.headers ?? [['content-type', 'application/json']],
          body: (async function* () {
            yield new TextEncoder().encode(text);
          })(),
          timing: { totalMs: 1 },
          close: () => undefined,
        },
      };
    },
    close: async () => undefined,
  });
  return { make, sent };
}
