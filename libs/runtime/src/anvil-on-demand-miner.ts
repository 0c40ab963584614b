import { jsonRpcCall } from './json-rpc-call';
import { PollingLoop } from './polling-loop';

export interface OnDemandMiningOptions {
  /** How often the node's pool is looked at while blocks are being mined… */
  readonly pollMs: number;
  /** …and once none has been for `idleAfterMs` (a quiet dev chain costs next to nothing). */
  readonly idlePollMs: number;
  readonly idleAfterMs: number;
  /** At least this long between two blocks: under load the chain makes blocks as interval mining does. */
  readonly minBlockMs: number;
  /**
   * A pool that holds only transactions the node cannot mine yet (queued behind a nonce gap) gets an
   * empty block this often, so that blocks go by for the tracker's parked-transaction watch.
   */
  readonly queuedBlockMs: number;
  /**
   * …for this long at most: a transaction nobody will ever fill the gap for (sent by hand, say) must not
   * grow a saved chain by an empty block a second for good. The tracker replaces its own after 30 s.
   */
  readonly queuedForMs: number;
  readonly log?: (line: string) => void;
}

export const ON_DEMAND_MINING_DEFAULTS: OnDemandMiningOptions = {
  pollMs: 50,
  idlePollMs: 250,
  idleAfterMs: 2_000,
  minBlockMs: 100,
  queuedBlockMs: 1_000,
  queuedForMs: 60_000,
};

/**
 * Mines a block when the node holds transactions to mine (anvil started with `--no-mining`): at most one
 * per `minBlockMs`, none while the pool is empty. Automine stalls under load — a block is mined on every
 * transaction, so the race session 15 found in anvil's `send_raw_transaction` (the sender's nonce read,
 * then a block, then the pool's insert) is hit at every burst: the transaction waits in the queued set
 * at the chain's next nonce, no block comes to show it parked, and the wallet's payments pile up behind it
 * until the tracker's 30 s stuck rule (a `npm start` at 200/s on a slow machine: 102 answers 91 and p99
 * 1.5 s by its third 15 s round). Interval mining does not stall, but an idle chain grows by ~1.5 KB of
 * saved state per empty block (1.3 GB a day at 100 ms). This is interval mining without the empty blocks.
 */
export class AnvilOnDemandMiner {
  private readonly loop: PollingLoop;
  private lastBlockAt = 0;
  /** Since when the pool has held queued transactions and nothing ready (undefined: not so now). */
  private queuedOnlySince?: number;

  constructor(
    private readonly url: string,
    private readonly o: OnDemandMiningOptions,
  ) {
    this.loop = new PollingLoop(
      () => this.nextLookInMs(),
      () => this.check(),
      (e) => o.log?.(`on-demand mining: ${e.message}`),
    );
  }

  start(): void {
    this.loop.start(true);
  }

  /** No block is mined after this resolves. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * The runner is woken only when a look can lead to a block: not before `minBlockMs` after the last
   * one, then every `pollMs`, and every `idlePollMs` once the chain is quiet.
   */
  private nextLookInMs(): number {
    const since = Date.now() - this.lastBlockAt;
    return since >= this.o.idleAfterMs ? this.o.idlePollMs : Math.max(this.o.pollMs, this.o.minBlockMs - since);
  }

  private async check(): Promise<void> {
    const now = Date.now();
    const since = now - this.lastBlockAt; // at least minBlockMs: nextLookInMs paces the looks
    const pool = (await jsonRpcCall(this.url, 'txpool_status')) as { pending: string; queued: string };
    const ready = BigInt(pool.pending) > 0n;
    const queuedOnly = !ready && BigInt(pool.queued) > 0n;
    this.queuedOnlySince = queuedOnly ? (this.queuedOnlySince ?? now) : undefined;
    if (!ready && !(queuedOnly && since >= this.o.queuedBlockMs && now - this.queuedOnlySince! < this.o.queuedForMs)) return;
    await jsonRpcCall(this.url, 'evm_mine');
    this.lastBlockAt = Date.now();
  }
}
