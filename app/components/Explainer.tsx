// Shown before any run, under the form: what the check does, what the four verdicts mean, and a
// short FAQ. A server component: no JavaScript for it reaches the browser.
import { VerdictChip } from './ReportView';

export function Explainer() {
  return (
    <section className="explainer" aria-labelledby="explainer-title">
      <h2 id="explainer-title">What the check does</h2>
      <p>
        It connects the way an MCP client does: <code>server/discover</code> for 2026-07-28 clients, <code>initialize</code> with a session for clients of
        2025-03-26 to 2025-11-25, then lists tools, resources and prompts, and ends the session. Every request and response is shown, with what to change
        when something is wrong.
      </p>
      <dl className="verdicts">
        <div>
          <dt>
            <VerdictChip verdict="healthy" />
          </dt>
          <dd>Clients can connect and list at least one tool.</dd>
        </div>
        <div>
          <dt>
            <VerdictChip verdict="partial" />
          </dt>
          <dd>It speaks MCP, but lists no tools, its tool list fails, or only the deprecated HTTP+SSE transport works.</dd>
        </div>
        <div>
          <dt>
            <VerdictChip verdict="auth-required" />
          </dt>
          <dd>It asks for credentials (401). The report follows the challenge and helps you get a token.</dd>
        </div>
        <div>
          <dt>
            <VerdictChip verdict="unreachable" />
          </dt>
          <dd>No valid MCP answer: DNS, connection, timeout, a web page instead of the endpoint, or an error.</dd>
        </div>
      </dl>
      <h3>Questions</h3>
      <details>
        <summary>What is sent to my server?</summary>
        <p>
          A few JSON-RPC POSTs (the same a client sends on connect), an <code>OPTIONS</code> preflight, a <code>GET</code> to see whether a server stream
          is offered, and a <code>DELETE</code> that ends the session the check opened. No tool is called unless you press a button to call one.
        </p>
      </details>
      <details>
        <summary>What is stored?</summary>
        <p>
          Nothing, unless you press Share: then a sanitized copy (no query string, no headers you added, secrets masked) is kept for a limited time.
          Headers you type are used for this one check and are never stored or logged.
        </p>
      </details>
      <details>
        <summary>How do I check a private or local server?</summary>
        <p>
          This site only contacts public addresses. For <code>localhost</code> or a private network, run the same check from your machine:{' '}
          <code>npx mcp-health check http://localhost:3001/mcp</code> (from a checkout of this project), or run the app yourself with{' '}
          <code>ALLOW_PRIVATE_NETWORKS=true</code>.
        </p>
      </details>
      <details>
        <summary>My server needs a token. What do I do?</summary>
        <p>
          Check it once without one: the AUTH report shows the challenge and the authorization server, and can get a token for you. Or add an{' '}
          <code>Authorization: Bearer …</code> header above.
        </p>
      </details>
    </section>
  );
}
