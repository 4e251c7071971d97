// What the CLI bundle (scripts/build-cli.mjs) gets for `import ... from 'undici'` in lib/: the four
// exports lib/ uses, from the undici files that define them. undici's index.js loads the whole
// package at once (fetch, WebSocket, EventSource, the cache, the mock agents, every interceptor):
// about 1 MB of the bundle and a tenth of a second of each CLI start (docs/benchmarks.md, CLI
// start-up, round four). Both bundles use it: the CLI's and the web app's check worker
// (dist/check-worker.mjs); only tsx and Next's own bundles load the real index.js. cli/bundle.test.ts
// checks that every name lib/ imports from undici is exported here. Same package, same version: only the
// entry point differs.
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import buildConnector from 'undici/lib/core/connect.js';
import errors from 'undici/lib/core/errors.js';
import util from 'undici/lib/core/util.js';

// As index.js does: request(), stream() and the rest as methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

export { Agent, buildConnector, errors };

/**
 * undici's top-level request(url, opts) (index.js, makeDispatcher(api.request)) for the way lib/
 * calls it: a URL and an explicit dispatcher. Without one it throws instead of falling back to a
 * global dispatcher this bundle does not carry.
 */
export function request(url, opts) {
  if (!opts || typeof opts !== 'object' || !opts.dispatcher) throw new errors.InvalidArgumentError('request() in the CLI bundle needs opts.dispatcher');
  if (opts.path != null) throw new errors.InvalidArgumentError('request() in the CLI bundle takes the path in the URL');
  if (opts.agent) throw new errors.InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
  const u = util.parseURL(url);
  return api.request.call(opts.dispatcher, {
    ...opts,
    origin: u.origin,
    path: u.search ? `${u.pathname}${u.search}` : u.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}
