import { renameSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { jsonRpcCall } from './json-rpc-call';
import { PollingLoop } from './polling-loop';

export interface StateSaverOptions {
  /** How often the chain's latest state root is read. */
  readonly pollMs: number;
  /** Saved once the state has not changed for this long… */
  readonly quietMs: number;
  /** …or, under steady traffic, once the last save is this old. */
  readonly maxAgeMs: number;
  readonly log?: (line: string) => void;
}

export const STATE_SAVER_DEFAULTS: StateSaverOptions = { pollMs: 1_000, quietMs: 2_000, maxAgeMs: 300_000 };

/**
 * Saves a persisted dev chain while it is quiet, into the file anvil loads with `--state` (anvil still
 * writes it itself on exit). Anvil's own `--state-interval` dump stops its RPC for as long as it takes
 * to serialise the whole chain — ~4 ms per MB, 134 ms at 32 MB (~5,000 payments), every interval — so
 * under load every answer that waited on the node during a dump was late (p99.9 145–268 ms against
 * ≤ 55 ms without). A change of the latest block's state root is activity (an empty block leaves the
 * root as it was: post-merge rules, no block reward); the save waits for quiet, bounded by `maxAgeMs`.
 */
export class AnvilStateSaver {
  private readonly loop: PollingLoop;
  private seenRoot?: string;
  private savedRoot?: string;
  private changedAt = 0;
  private savedAt = Date.now();

  constructor(
    private readonly url: string,
    private readonly file: string,
    private readonly o: StateSaverOptions = STATE_SAVER_DEFAULTS,
  ) {
    this.loop = new PollingLoop(
      o.pollMs,
      () => this.check(),
      (e) => o.log?.(`chain state not saved: ${e.message}`),
    );
  }

  async start(): Promise<void> {
    this.seenRoot = this.savedRoot = await this.latestRoot(); // as loaded from the file
    this.loop.start();
  }

  /** Stops polling and waits for a save in progress (anvil's exit dump must not race the rename). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async check(): Promise<void> {
    const root = await this.latestRoot();
    const now = Date.now();
    if (root !== this.seenRoot) [this.seenRoot, this.changedAt] = [root, now];
    if (root === this.savedRoot) return;
    if (now - this.changedAt < this.o.quietMs && now - this.savedAt < this.o.maxAgeMs) return;
    await this.save(root);
  }

  private async save(root: string): Promise<void> {
    const hex = (await jsonRpcCall(this.url, 'anvil_dumpState')) as string; // gzip'd JSON, the format --state loads
    writeFileSync(`${this.file}.tmp`, gunzipSync(Buffer.from(hex.slice(2), 'hex')));
    renameSync(`${this.file}.tmp`, this.file); // a crash mid-write leaves the previous save whole
    [this.savedRoot, this.savedAt] = [root, Date.now()];
  }

  private async latestRoot(): Promise<string> {
    return ((await jsonRpcCall(this.url, 'eth_getBlockByNumber', ['latest', false])) as { stateRoot: string }).stateRoot;
  }
}
