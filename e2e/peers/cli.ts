/**
 * Start peers by hand for poking at them with curl:
 *   npx tsx e2e/peers/cli.ts sdk1-json sdk2-modern   (or: all) [--tools=N]
 * Prints `<kind> <url> pid <pid>` per peer; Ctrl-C stops them all.
 */
import { PEER_KINDS, startPeer, type Peer, type PeerKind } from './index';

const isKind = (s: string): s is PeerKind => (PEER_KINDS as readonly string[]).includes(s);
const args = process.argv.slice(2);
const toolsArg = args.find((a) => a.startsWith('--tools='));
const tools = toolsArg === undefined ? undefined : Number(toolsArg.slice('--tools='.length));
const names = args.filter((a) => !a.startsWith('--'));
const kinds: PeerKind[] = names.includes('all') ? [...PEER_KINDS] : names.filter(isKind);
if (kinds.length === 0) {
  console.error(`usage: cli.ts <${PEER_KINDS.join('|')}|all>... [--tools=N]`);
  process.exit(2);
}

const peers: Peer[] = await Promise.all(kinds.map((k) => startPeer(k, tools === undefined ? {} : { tools })));
for (const p of peers) console.log(`${p.kind} ${p.url} pid ${p.pid}`);
const stopAll = async (): Promise<void> => {
  await Promise.all(peers.map((p) => p.stop()));
  process.exit(0);
};
process.once('SIGINT', () => void stopAll());
process.once('SIGTERM', () => void stopAll());
setInterval(() => undefined, 1 << 30);
