import { Client } from 'pg';
import { jsonRpcCall } from '@bridge/runtime';
import { startForkedProbe, type ForkedProbe } from './forked-probe';

/** One trivial call to a server: when it ended (ms since the epoch, comparable across processes) and how long it took. */
export interface Ping {
  readonly endMs: number;
  readonly ms: number;
}

export interface ServerPings {
  /** `eth_blockNumber` to the node: held while the node holds its RPC (mining, pruning). */
  readonly node: readonly Ping[];
  /** `SELECT 1` on a connection of its own: held while PostgreSQL cannot run a backend. */
  readonly database: readonly Ping[];
}

export type ServerPingProbe = ForkedProbe<ServerPings>;

/**
 * Asks the node and the database the cheapest thing each answers, one call at a time with `periodMs`
 * between, from a child process (the bench's own thread is the load generator, whose pauses would
 * count as the servers'). A slow spell in which every authorization in flight finishes at the same
 * instant is a stall somewhere in the pipeline; a ping held as long, ending in the same window, names
 * the server (docs/performance.md, session 29: anvil held one for 112 ms). At 100 calls/s each it adds
 * about half the node's and a sixth of the database's calls at 200 authorizations/s.
 */
export function startServerPingProbe(rpcUrl: string, databaseUrl: string, periodMs = 10): Promise<ServerPingProbe> {
  return startForkedProbe<ServerPings>('server ping probe', __filename, ['probe', rpcUrl, databaseUrl, String(periodMs)]);
}

/** The longest ping that ended in [fromMs, toMs), 0 if none did. */
export function longestPing(pings: readonly Ping[], fromMs: number, toMs: number): number {
  let longest = 0;
  for (const p of pings) if (p.endMs >= fromMs && p.endMs < toMs && p.ms > longest) longest = p.ms;
  return longest;
}

async function probe(rpcUrl: string, databaseUrl: string, periodMs: number): Promise<void> {
  const db = new Client({ connectionString: databaseUrl, application_name: 'bench-ping' });
  await db.connect();
  const pings: { node: Ping[]; database: Ping[] } = { node: [], database: [] };
  let stopped = false;
  const loop = async (into: Ping[], call: () => Promise<unknown>) => {
    while (!stopped) {
      const started = performance.now();
      const answered = await call().then(
        () => true,
        () => false, // a refused call says nothing of a stall: not recorded
      );
      const ended = performance.now();
      if (answered) into.push({ endMs: performance.timeOrigin + ended, ms: ended - started });
      await new Promise((r) => setTimeout(r, periodMs));
    }
  };
  const loops = Promise.all([loop(pings.node, () => jsonRpcCall(rpcUrl, 'eth_blockNumber')), loop(pings.database, () => db.query('SELECT 1'))]);
  process.on('message', () => {
    stopped = true;
    void loops.finally(() => db.end().finally(() => process.send!(pings, () => process.exit(0))));
  });
  // A bench that dies without stopping the probe must not leave it calling: its channel closes with it.
  process.once('disconnect', () => process.exit(0));
  process.send!('started');
}

if (require.main === module && process.argv[2] === 'probe') {
  probe(process.argv[3], process.argv[4], Number(process.argv[5])).catch((e: Error) => {
    console.error(`server ping probe: ${e.message}`);
    process.exit(1);
  });
}
