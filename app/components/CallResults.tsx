// Tool calls a person made from this report (Try), rendered by content type
// (https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-result). No hooks:
// a shared page shows the same thing; only an MCP Apps view (live page) is a client component.
import type { ContentItem, ToolCall } from '@/lib/report/call';
import type { Report } from '@/lib/report/schema';
import { Code } from './Code';
import { AppFrame } from './AppFrame';
import { formatMs } from './format';

const OUTCOME_LABEL: Record<ToolCall['outcome'], string> = {
  result: 'Result',
  'tool-error': 'Tool error',
  'protocol-error': 'Protocol error',
  'input-required': 'Input required',
  failed: 'Failed',
  'invalid-arguments': 'Invalid arguments',
};

/** Only raster images and SVG (scripts never run in <img>) are previewed, as data: URLs. */
const IMAGE = /^image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml)$/i;
const AUDIO = /^audio\/[a-z0-9.+-]+$/i;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

const bytes = (b64: string) => Math.floor((b64.length * 3) / 4);

function Item({ item, n }: { item: ContentItem; n: number }) {
  switch (item.type) {
    case 'text':
      return (
        <div className="content-item" data-type="text">
          <pre tabIndex={0}>{item.text}</pre>
        </div>
      );
    case 'image':
      return (
        <figure className="content-item" data-type="image">
          {item.data && IMAGE.test(item.mimeType) && B64.test(item.data) ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data: URL from the server's answer
            <img src={`data:${item.mimeType};base64,${item.data}`} alt={`Image ${n} returned by the tool`} />
          ) : null}
          <figcaption className="small muted">
            image · {item.mimeType} · {item.truncated ? 'too large to keep' : `${bytes(item.data).toLocaleString('en-US')} bytes`}
          </figcaption>
        </figure>
      );
    case 'audio':
      return (
        <figure className="content-item" data-type="audio">
          {item.data && AUDIO.test(item.mimeType) && B64.test(item.data) ? <audio controls src={`data:${item.mimeType};base64,${item.data}`} aria-label={`Audio ${n} returned by the tool`} /> : null}
          <figcaption className="small muted">
            audio · {item.mimeType} · {item.truncated ? 'too large to keep' : `${bytes(item.data).toLocaleString('en-US')} bytes`}
          </figcaption>
        </figure>
      );
    case 'resource_link':
      return (
        <div className="content-item" data-type="resource_link">
          <span className="badge">link</span> <strong>{item.title ?? item.name}</strong>{' '}
          {/^https?:\/\//i.test(item.uri) ? (
            <a href={item.uri} rel="noreferrer noopener nofollow" target="_blank">
              {item.uri}
            </a>
          ) : (
            <code>{item.uri}</code>
          )}
          {item.mimeType ? <span className="badge">{item.mimeType}</span> : null}
          {item.description ? <div className="small muted">{item.description}</div> : null}
        </div>
      );
    case 'resource': {
      const r = item.resource;
      const image = r.blob && r.mimeType && IMAGE.test(r.mimeType) && B64.test(r.blob);
      return (
        <div className="content-item" data-type="resource">
          <span className="badge">embedded resource</span> <code>{r.uri}</code>
          {r.mimeType ? <span className="badge">{r.mimeType}</span> : null}
          {r.text !== undefined ? <pre tabIndex={0}>{r.text}</pre> : null}
          {image ? (
            // eslint-disable-next-line @next/next/no-img-element -- a data: URL from the server's answer
            <img src={`data:${r.mimeType};base64,${r.blob}`} alt={`Embedded resource ${r.uri}`} />
          ) : r.blob ? (
            <div className="small muted">binary, {bytes(r.blob).toLocaleString('en-US')} bytes</div>
          ) : null}
          {item.truncated ? <div className="small muted">cut: too large to keep</div> : null}
        </div>
      );
    }
  }
}

function Call({ call, report, live }: { call: ToolCall; report: Report; live: boolean }) {
  const tool = report.tools.find((t) => t.name === call.tool);
  const id = `call-${call.n}-title`;
  return (
    <section className={`call outcome-${call.outcome}`} aria-labelledby={id} data-call={call.n} tabIndex={-1}>
      <h4 id={id}>
        Call #{call.n}: <code>{call.tool}</code> <span className={`outcome outcome-${call.outcome}`}>{OUTCOME_LABEL[call.outcome]}</span>{' '}
        <span className="muted small">{formatMs(call.latencyMs)}</span>
      </h4>
      <p className="call-message">{call.message}</p>
      {Object.keys(call.arguments).length ? (
        <details>
          <summary>Arguments</summary>
          <Code text={JSON.stringify(call.arguments)} contentType="application/json" />
        </details>
      ) : null}
      {call.rpcError ? (
        <p className="step-error">
          JSON-RPC error <code>{call.rpcError.code}</code>: {call.rpcError.message}
        </p>
      ) : null}
      {call.content?.length ? (
        <div className="content" aria-label="Content returned">
          {call.content.map((item, i) => (
            <Item key={i} item={item} n={i + 1} />
          ))}
        </div>
      ) : null}
      {call.unknownContent?.map((u, i) => (
        <div key={i} className="content-item" data-type="unknown">
          <span className="badge">unknown content</span>
          <Code text={u} contentType="application/json" />
        </div>
      ))}
      {call.structuredContent !== undefined ? (
        <div className="structured">
          <div className="small">
            structuredContent{' '}
            {call.outputValid === true ? (
              <span className="badge badge-read-only">matches outputSchema</span>
            ) : call.outputValid === false ? (
              <span className="badge badge-destructive">does not match outputSchema</span>
            ) : null}
          </div>
          <Code text={JSON.stringify(call.structuredContent)} contentType="application/json" />
        </div>
      ) : null}
      {call.validation?.length ? (
        <ul className="small call-notes" aria-label="Schema validation">
          {call.validation.map((v, i) => (
            <li key={i}>{v}</li>
          ))}
        </ul>
      ) : null}
      {call.notifications?.length ? (
        <details className="small">
          <summary>Notifications during the call ({call.notifications.length})</summary>
          <ol className="call-notes">
            {call.notifications.map((n, i) => (
              <li key={i}>
                <code>{n.method}</code> {n.summary !== n.method ? n.summary : ''}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {call.serverRequests?.length ? (
        <ul className="small call-notes" aria-label="Requests the server sent during the call">
          {call.serverRequests.map((r, i) => (
            <li key={i}>
              The server asked <code>{r.method}</code>: {r.answer}.
            </li>
          ))}
        </ul>
      ) : null}
      {call.app ? (
        <div className="app">
          <div className="small">
            MCP Apps view <code>{call.app.uri}</code>
          </div>
          {call.app.error ? (
            <p className="step-error small">{call.app.error}</p>
          ) : call.app.html !== undefined && live ? (
            <AppFrame app={{ ...call.app, html: call.app.html }} call={call} tool={tool} />
          ) : (
            <p className="small muted">Not rendered in a shared copy: the view runs only on the page that made the call.</p>
          )}
        </div>
      ) : null}
      <p className="small muted">Steps: {call.stepIds.join(', ') || 'none (nothing was sent)'}</p>
    </section>
  );
}

export function CallResults({ report, live }: { report: Report; live: boolean }) {
  if (!report.calls?.length) return null;
  return (
    <section aria-labelledby="calls-title" className="calls">
      <h3 id="calls-title">Tool calls ({report.calls.length})</h3>
      {[...report.calls].reverse().map((c) => (
        <Call key={c.n} call={c} report={report} live={live} />
      ))}
    </section>
  );
}
