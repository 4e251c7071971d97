// Pinned connections. A host name is resolved once per handle and every address it resolves to
// must pass the address policy; the connector's `lookup` then answers only from that pin and never
// asks DNS again, so a rebinding answer cannot swap the target. Literal addresses are checked again
// at the socket. TLS SNI, certificate checks and the Host header still use the host name from the
// URL. Each new connection is timed (TCP connect and TLS apart) for the step that claims it.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { DNS_TIMEOUT_MS, dnsError } from './errors';
import { checkAddress, listenerKey, selfTargets, type AddressPolicy } from './policy';
import type { NetError } from './types';

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

export interface PinOptions {
  policy: AddressPolicy;
  /** DNS resolver; injectable so tests can make a name resolve anywhere. */
  lookup?: Resolver;
  /** A last check on the exact address of every socket, after the policy. */
  connectGuard?: (address: string) => boolean;
  /** Extra trusted CA certificates (PEM). */
  ca?: string[];
}

/** The conformance probes' request budget (lib/mcp/conformance/probe.ts MAX_PROBE_REQUESTS): side requests never queue for a connection. */
const SIDE_CONNECTIONS = 12;

export type Pin = { ok: true; addresses: LookupAddress[] } | { ok: false; error: NetError };

/** A new connection's timings, claimed by the first request that started before it was opened. */
export interface ConnectRecord {
  startedAt: number;
  connectMs: number;
  tlsMs?: number;
  claimed: boolean;
}

export interface Pinned {
  /** Resolve and check a host for a port, once per handle; keyed by host and port, as an ALLOW_HOSTS entry may open one port of a name only. */
  pin(hostname: string, port: string): Promise<Pin>;
  /** True when that host and port were asked for before (its lookup time is not this request's). */
  asked(hostname: string, port: string): boolean;
  /** True when any of these addresses, on that port, is one of the app's own listeners (under whatever name or notation). */
  targetsSelf(addresses: LookupAddress[], port: string): Promise<boolean>;
  /** The connection pool; `fresh` is a second pool with no idle sockets, for the one retry; `side` the pool of side requests (the probes). */
  agent(fresh?: boolean, side?: boolean): Agent;
  /** The timings of the connection this request opened, if it opened one (claimed at most once). */
  claimConnect(requestStartedAt: number): ConnectRecord | undefined;
  close(reason: Error): Promise<void>;
}

export function createPinned(options: PinOptions): Pinned {
  const { policy } = options;
  const resolve = options.lookup ?? systemLookup;
  const connects: ConnectRecord[] = [];
  /** Host name → the addresses that passed the policy. The connector answers only from here. */
  const pinned = new Map<string, LookupAddress[]>();
  const pins = new Map<string, Promise<Pin>>();
  let selfKeys: Promise<Set<string>> | undefined;

  const resolveAndCheck = async (hostname: string, port: string): Promise<Pin> => {
    let addresses: LookupAddress[];
    try {
      addresses = await withTimeout(resolve(hostname), DNS_TIMEOUT_MS, () => Object.assign(new Error(`DNS lookup of ${hostname} timed out`), { code: 'EAI_AGAIN' }));
    } catch (err) {
      return { ok: false, error: dnsError(err, hostname) };
    }
    if (addresses.length === 0) return { ok: false, error: dnsError(undefined, hostname) };
    for (const a of addresses) {
      const v = checkAddress(a.address, policy, hostname, port);
      if (!v.ok) return { ok: false, error: { code: 'BLOCKED', message: `Refusing to contact ${hostname}: it resolves to ${v.address}, which is ${v.what}. ${v.hint}` } };
    }
    pinned.set(hostname, addresses);
    return { ok: true, addresses };
  };

  // The app's own listeners, as (address, port) keys: a check may not target the app itself,
  // whatever name or address notation it uses to get there.
  const ownListeners = (): Promise<Set<string>> => {
    selfKeys ??= (async () => {
      const keys = new Set<string>();
      for (const { host, port } of selfTargets(policy)) {
        if (isIP(host)) keys.add(listenerKey(host, port));
        else if (host === 'localhost' || host.endsWith('.localhost')) keys.add(listenerKey('127.0.0.1', port));
        else {
          const found = await withTimeout(resolve(host), 2_000, () => new Error('timeout')).catch((): LookupAddress[] => []);
          for (const a of found) keys.add(listenerKey(a.address, port));
        }
      }
      return keys;
    })();
    return selfKeys;
  };

  // Every request of a check goes to the same few addresses: parse each once (ipaddr) per handle.
  const listenerKeys = new Map<string, string>();
  const keyOf = (address: string, port: string): string => {
    const k = `${address}|${port}`;
    let key = listenerKeys.get(k);
    if (key === undefined) listenerKeys.set(k, (key = listenerKey(address, port)));
    return key;
  };

  const connector = buildConnector({
    ...(options.ca?.length ? { ca: [...tls.rootCertificates, ...options.ca] } : {}),
    // Node asks with { all: true } when it races address families (autoSelectFamily, on by
    // default since Node 20); answer in the form asked, and only with checked addresses.
    lookup: ((hostname: string, opts: { all?: boolean }, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      const addresses = pinned.get(hostname);
      if (!addresses?.length || (options.connectGuard && !addresses.every((a) => options.connectGuard!(a.address)))) {
        cb(Object.assign(new Error(`${hostname} was not checked against the address policy`), { code: 'ENOTPINNED' }), '', 4);
        return;
      }
      if (opts?.all) cb(null, addresses);
      else cb(null, addresses[0]!.address, addresses[0]!.family);
    }) as never,
  });

  // The policy is fixed for the handle, and a check opens its few connections to one address.
  const literalVerdicts = new Map<string, boolean>();
  const literalAllowed = (literal: string, port: string): boolean => {
    const k = `${literal}|${port}`;
    let ok = literalVerdicts.get(k);
    if (ok === undefined) literalVerdicts.set(k, (ok = checkAddress(literal, policy, literal, port).ok));
    return ok;
  };

  const connectPinned = (opts: buildConnector.Options, cb: buildConnector.Callback): void => {
    // Literal addresses never reach `lookup`: check them here again, at the socket.
    const literal = opts.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && (!literalAllowed(literal, opts.port || (opts.protocol === 'https:' ? '443' : '80')) || (options.connectGuard && !options.connectGuard(literal)))) {
      cb(Object.assign(new Error(`${literal} was not checked against the address policy`), { code: 'ENOTPINNED' }), null);
      return;
    }
    const startedAt = performance.now();
    const record: ConnectRecord = { startedAt, connectMs: 0, claimed: false };
    if (opts.protocol !== 'https:') {
      connector(opts, (err, socket) => {
        if (socket) {
          record.connectMs = performance.now() - startedAt;
          connects.push(record);
        }
        cb(err as Error, socket as never);
      });
      return;
    }
    // HTTPS in two stages, so a step can show TCP connect and TLS handshake apart: a plain TCP
    // socket through the same pinned lookup, then TLS on top of it (undici's httpSocket upgrade).
    connector({ ...opts, protocol: 'http:', port: opts.port || '443' }, (err, tcp) => {
      if (err || !tcp) return cb(err as Error, null as never);
      const tcpDone = performance.now();
      record.connectMs = tcpDone - startedAt;
      connector({ ...opts, httpSocket: tcp }, (tlsErr, socket) => {
        if (socket) {
          record.tlsMs = performance.now() - tcpDone;
          connects.push(record);
        } else {
          tcp.destroy();
        }
        cb(tlsErr as Error, socket as never);
      });
    });
  };
  const agent = new Agent({ connections: 8, keepAliveTimeout: 5_000, connect: connectPinned });
  /** For the one retry after a stale keep-alive socket: an agent with no idle sockets opens a new connection. */
  let freshAgent: Agent | undefined;
  /** Connections for side requests (OutboundRequest.lane), opened on first use; as many as the probes' budget, so none waits for another. */
  let sideAgent: Agent | undefined;

  return {
    pin(hostname, port) {
      const key = `${hostname}|${port}`;
      let p = pins.get(key);
      if (!p) {
        p = resolveAndCheck(hostname, port);
        pins.set(key, p);
      }
      return p;
    },
    asked: (hostname, port) => pins.has(`${hostname}|${port}`),
    async targetsSelf(addresses, port) {
      const self = await ownListeners();
      return self.size > 0 && addresses.some((a) => self.has(keyOf(a.address, port)));
    },
    agent(fresh = false, side = false) {
      if (side && !fresh) return (sideAgent ??= new Agent({ connections: SIDE_CONNECTIONS, keepAliveTimeout: 5_000, connect: connectPinned }));
      if (!fresh) return agent;
      freshAgent ??= new Agent({ connections: 8, keepAliveTimeout: 5_000, connect: connectPinned });
      return freshAgent;
    },
    claimConnect(requestStartedAt) {
      const connect = connects.find((c) => !c.claimed && c.startedAt >= requestStartedAt - 1);
      if (connect) connect.claimed = true;
      return connect;
    },
    close: (reason) => Promise.all([agent.destroy(reason), freshAgent?.destroy(reason), sideAgent?.destroy(reason)]).then(() => undefined),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, makeError: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(makeError()), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
