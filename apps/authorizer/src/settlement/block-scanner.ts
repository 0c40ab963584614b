import { Inject, Injectable, Logger } from '@nestjs/common';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ChainError } from './chain-error';
import { ChainGateway } from './chain-gateway';
import { minedFromRpcReceipt, type MinedTransaction, type RpcReceipt } from './mined-transaction';

/** Blocks read per pass at most; a tracker behind catches up over passes. */
const MAX_BLOCKS_PER_PASS = 50;
/** Further behind than this (a long stop) it jumps ahead; the per-payment path finds what it skipped. */
const MAX_GAP = 1_000;
/** A scan further behind than one pass reads is said in the log at most this often. */
const LAG_REPORT_EVERY_MS = 60_000;

/**
 * Reads every block's receipts once, in order, up to `CONFIRMATIONS` below the head: payments are
 * found mined with one call per block, however many are open (asking per payment cost the node one
 * receipt lookup per open payment per pass, and fell behind under load). Scans from a few blocks back
 * at start; a node without eth_getBlockReceipts turns it off and the tracker asks per payment.
 */
@Injectable()
export class BlockScanner {
  private readonly logger = new Logger(BlockScanner.name);
  private next?: number;
  private supported = true;
  private lagReportedAt = -Infinity;
  private passStartedAt?: number;

  constructor(
    private readonly chain: ChainGateway,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  /**
   * The last block whose receipts were recorded (ops: `bridge_block_scan_block` on /metrics, against
   * the chain's head): a scan that stops moving while the head does leaves every payment open until the
   * per-payment pass finds it, and each batch's funds sum carries them meanwhile.
   */
  get scannedThrough(): number | undefined {
    return this.next === undefined ? undefined : this.next - 1;
  }

  /** False once the node turned out not to serve eth_getBlockReceipts. */
  get active(): boolean {
    return this.supported;
  }

  /** A reorg replaced blocks from `blockNumber` on: they are read again. */
  rewindTo(blockNumber: number): void {
    if (this.next !== undefined) this.next = Math.min(this.next, blockNumber);
  }

  /**
   * Hands `record` the transactions mined deep enough in the blocks not scanned yet (all of them, not
   * only ours); the blocks count as scanned once it has resolved.
   */
  async scan(head: number, record: (mined: MinedTransaction[]) => Promise<void>): Promise<void> {
    if (!this.supported) return;
    const last = head - this.config.confirmations + 1;
    if (this.next === undefined || last - this.next > MAX_GAP) this.next = Math.max(0, last - MAX_BLOCKS_PER_PASS + 1);
    const to = Math.min(last, this.next + MAX_BLOCKS_PER_PASS - 1);
    this.passStartedAt = Date.now();
    let ahead: ReadAhead | undefined;
    try {
      while (this.supported && this.next <= to) {
        const block: number = this.next;
        const receipts = await (ahead?.block === block ? ahead.receipts : this.read(block));
        // The next block's receipts are fetched while this one's are recorded: the node's answer
        // and PostgreSQL's overlap (under load each took about half of a block's turn, one after
        // the other, and the tracker fell 1–2 s behind the chain: every open payment that much
        // longer in each batch's funds sum, and marked SUBMITTED). Still one block per parse.
        ahead = block < to && receipts ? readAhead(block + 1, this.read(block + 1)) : undefined;
        if (!receipts) return; // turned off (no eth_getBlockReceipts)
        await record(receipts.map(minedFromRpcReceipt));
        // A reorg found meanwhile (rewindTo) moved `next` back: that is where the scan goes on (the
        // block read ahead is then dropped).
        if (this.next === block) this.next = block + 1;
      }
    } finally {
      this.passStartedAt = undefined;
      ahead?.receipts.catch(() => undefined); // a read ahead not used: its failure is nobody's
    }
  }

  /**
   * Called on a timer of its own (PaymentTracker) with the node's head: a scan more than a pass behind
   * it is said in the log as well as on /metrics, with how long the pass under way has run. Every payment
   * in the blocks not recorded stays open meanwhile (in each batch's funds sum, followed one by one). In
   * session 11 the scan stalled for minutes inside one pass, with nothing in the log (a recording plan
   * gone wrong, session 12): a check at the end of a pass, or by the pass itself, would not have run.
   */
  reportLag(head: number): void {
    if (!this.supported || this.next === undefined) return;
    const through = this.next - 1;
    const deep = head - this.config.confirmations + 1;
    const now = Date.now();
    if (deep - through <= MAX_BLOCKS_PER_PASS || now - this.lagReportedAt < LAG_REPORT_EVERY_MS) return;
    this.lagReportedAt = now;
    const pass = this.passStartedAt === undefined ? 'no pass under way' : `the pass under way has run ${now - this.passStartedAt} ms`;
    this.logger.warn(
      `block scan ${deep - through} blocks behind the chain (recorded through ${through} of ${deep}; ${pass}): their payments stay open meanwhile`,
    );
  }

  /** One block's receipts; undefined once the node turned out not to serve them. */
  private async read(block: number): Promise<RpcReceipt[] | undefined> {
    try {
      return await this.chain.blockReceipts(block);
    } catch (e) {
      if (!(e instanceof ChainError) || e.code !== 'UNSUPPORTED') throw e;
      if (this.supported) this.logger.warn(`${e.message}: following each payment's receipt instead`);
      this.supported = false;
      return undefined;
    }
  }
}

interface ReadAhead {
  readonly block: number;
  readonly receipts: Promise<RpcReceipt[] | undefined>;
}

function readAhead(block: number, receipts: Promise<RpcReceipt[] | undefined>): ReadAhead {
  receipts.catch(() => undefined); // handled when used (or dropped); not an unhandled rejection meanwhile
  return { block, receipts };
}
