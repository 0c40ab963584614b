import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { getAddress, JsonRpcProvider, toQuantity, TransactionReceipt, zeroPadValue } from 'ethers';
import { EIP20_TRANSFER_TOPIC, eip20TransferOf } from '@bridge/contracts';
import { Coalescer, NodeJsonRpcProvider, redactUrl, TtlCache, type RpcCall } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ChainError } from './chain-error';
import { ERC20 } from './erc20';
import { allowanceCalldata, balanceOfCalldata } from './erc20-calldata';
import type { RpcReceipt } from './mined-transaction';

/** A block number that was the chain's head at some moment at or after `at` (ms since the epoch). */
export interface Head {
  readonly block: number;
  readonly at: number;
}

export interface FeeQuote {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

const FEE_REFRESH_MS = 2_000;

/**
 * The only door to the chain node. Chain id and EIP-1559 fees are cached and refreshed in the
 * background so a broadcast is one eth_sendRawTransaction call (../shared/notes/stack.md).
 */
@Injectable()
export class ChainGateway implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChainGateway.name);
  private provider!: NodeJsonRpcProvider;
  /**
   * Broadcasts of every wallet that reach this point in one event-loop turn go as one JSON-RPC batch
   * request, each wallet's transactions together and in nonce order (OrderedBroadcaster keeps one
   * request per wallet in flight). With many cards each wallet's lane carries a few transactions: 64
   * cards made as many small HTTP requests per turn. No size cap: a split could let one wallet's two
   * requests race.
   */
  private readonly sends = new Coalescer<SignedTx, PromiseSettledResult<void>>((txs) => this.sendNow(txs), { maxBatch: Number.MAX_SAFE_INTEGER });
  /**
   * The funds reads and head reads of one event-loop turn as one JSON-RPC batch request, sent at the
   * turn's end. They sit on the payment lane whenever a wallet's reading is stale (a card that pays
   * less often than FUNDS_MAX_AGE_MS: most cards of a network); through ethers each call waited for
   * its drain timer and paid for its request copying and address checks.
   */
  private readonly reads = new Coalescer<RpcCall, PromiseSettledResult<unknown>>((calls) => this.readNow(calls), { maxBatch: 100 });
  private fees?: FeeQuote;
  /** The latest block's EIP-1559 base fee, as of the last fee refresh. */
  baseFee?: bigint;
  private readonly decimals = new TtlCache<string, number>(Infinity);
  private timer?: NodeJS.Timeout;
  chainId!: bigint;
  /** The highest block number the node has reported (ops: `bridge_chain_head_block`). */
  head?: number;
  /** The most recently asked head (lower than `head` after a reorg to a shorter chain). */
  private lastHead?: Head;

  constructor(@Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig) {}

  async onModuleInit(): Promise<void> {
    const probe = new JsonRpcProvider(this.config.rpcUrl);
    this.chainId = await this.call('eth_chainId', () => probe.getNetwork().then((n) => n.chainId));
    probe.destroy();
    // staticNetwork + no cache (the default cache hands out stale nonces). Calls made in the same tick go
    // as one JSON-RPC batch (no stall: ethers' default 10 ms wait would sit on the hot path): a payment
    // batch's broadcasts become one HTTP request in nonce order, the tracker's receipt reads a few.
    this.provider = new NodeJsonRpcProvider(
      this.config.rpcUrl,
      this.chainId,
      { staticNetwork: true, cacheTimeout: -1, batchMaxCount: 100, batchStallTime: 0 },
      this.config.rpcTimeoutMs,
    );
    await this.refreshFees();
    this.timer = setInterval(() => void this.refreshFees().catch((e) => this.logger.warn(`fee refresh failed: ${(e as Error).message}`)), FEE_REFRESH_MS);
    this.timer.unref();
    this.logger.log(`chain eip155:${this.chainId} at ${redactUrl(this.config.rpcUrl)}`);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.provider?.destroy();
  }

  get caip2(): string {
    return `eip155:${this.chainId}`;
  }

  currentFees(): FeeQuote {
    if (!this.fees) throw new ChainError('UNAVAILABLE', 'no fee data yet');
    return this.fees;
  }

  /** EIP-20 balanceOf, at `blockTag` (a block number) or the latest block. */
  async tokenBalance(token: string, owner: string, blockTag?: bigint): Promise<bigint> {
    return uint256Of('balanceOf', await this.read('eth_call', [{ to: token, data: balanceOfCalldata(owner) }, tagOf(blockTag)]));
  }

  /** EIP-20 allowance, at `blockTag` (a block number) or the latest block. */
  async tokenAllowance(token: string, owner: string, spender: string, blockTag?: bigint): Promise<bigint> {
    return uint256Of('allowance', await this.read('eth_call', [{ to: token, data: allowanceCalldata(owner, spender) }, tagOf(blockTag)]));
  }

  /** EIP-20 decimals(), read once per token (it never changes), however many payments ask at once. */
  tokenDecimals(token: string): Promise<number> {
    return this.decimals.get(token, async () => {
      const data = ERC20.encodeFunctionData('decimals', []);
      return Number(BigInt(await this.call('eth_call', () => this.provider.call({ to: token, data }))));
    });
  }

  /** True while the block is still on the canonical chain (reorg check before trusting a receipt). */
  async isCanonical(blockNumber: number, blockHash: string): Promise<boolean> {
    const block = await this.call('eth_getBlockByNumber', () => this.provider.getBlock(blockNumber));
    return block?.hash === blockHash;
  }

  async nativeBalance(owner: string, blockTag?: bigint): Promise<bigint> {
    return quantityOf('eth_getBalance', await this.read('eth_getBalance', [owner, tagOf(blockTag)]));
  }

  async blockNumber(): Promise<number> {
    return (await this.headNow()).block;
  }

  /** The head now, with the time it was asked for (the block was the head at some moment after it). */
  async headNow(): Promise<Head> {
    const at = Date.now();
    const block = Number(quantityOf('eth_blockNumber', await this.read('eth_blockNumber', [])));
    this.head = Math.max(this.head ?? 0, block);
    if (!this.lastHead || this.lastHead.at <= at) this.lastHead = { block, at };
    return { block, at };
  }

  /** The last head reported, if it was asked for at most `maxAgeMs` ago (the tracker asks every BLOCK_POLL_MS). */
  knownHead(maxAgeMs: number): Head | undefined {
    const last = this.lastHead;
    return last && maxAgeMs > 0 && Date.now() - last.at <= maxAgeMs ? last : undefined;
  }

  /** EIP-20 Transfer logs of `token` sent by `from`, from a block on (reconciliation reads the chain itself). */
  async transfersFrom(token: string, from: string, fromBlock: number): Promise<{ txHash: string; to: string; value: bigint; blockNumber: number }[]> {
    const logs = await this.call('eth_getLogs', () =>
      this.provider.getLogs({ address: token, topics: [EIP20_TRANSFER_TOPIC, zeroPadValue(from, 32)], fromBlock, toBlock: 'latest' }),
    );
    return logs.flatMap((l) => {
      const t = eip20TransferOf(l);
      return t ? [{ txHash: l.transactionHash, to: getAddress(t.to), value: t.value, blockNumber: l.blockNumber }] : [];
    });
  }

  /** The transaction as the node knows it: `blockNumber` null while it sits in the node's pool. */
  async transaction(hash: string): Promise<{ value: bigint; blockNumber: number | null } | null> {
    return this.call('eth_getTransactionByHash', () => this.provider.getTransaction(hash));
  }

  /** The account's next nonce as of the latest block (transactions still pooled not counted). */
  async nonceAt(address: string): Promise<bigint> {
    return BigInt(await this.call('eth_getTransactionCount', () => this.provider.getTransactionCount(address, 'latest')));
  }

  async receipt(hash: string): Promise<TransactionReceipt | null> {
    return this.call('eth_getTransactionReceipt', () => this.provider.getTransactionReceipt(hash));
  }

  /**
   * Every receipt of one block in one call (eth_getBlockReceipts: anvil, geth ≥ 1.13, erigon, besu,
   * reth): the tracker matches them to open payments by hash instead of asking per payment.
   * A node without the method → ChainError UNSUPPORTED.
   */
  async blockReceipts(blockNumber: number): Promise<RpcReceipt[]> {
    try {
      return ((await this.provider.send('eth_getBlockReceipts', [toQuantity(blockNumber)])) as RpcReceipt[] | null) ?? [];
    } catch (e) {
      if (/-32601|method not found|not supported|does not exist/i.test(errorText(e))) {
        throw new ChainError('UNSUPPORTED', 'eth_getBlockReceipts is not served by this node', { cause: e });
      }
      throw toChainError('eth_getBlockReceipts', e);
    }
  }

  /**
   * Sends a signed transaction. "already known" and "nonce too low" for a hash the node already
   * has are success: it is our own earlier broadcast of the same bytes.
   */
  async broadcast(rawTx: string, hash: string): Promise<void> {
    const [result] = await this.broadcastMany([{ rawTx, hash }]);
    if (result.status === 'rejected') throw result.reason;
  }

  /** Several signed transactions in this order, in one JSON-RPC batch request; each settles like `broadcast`. */
  broadcastMany(txs: readonly SignedTx[]): Promise<PromiseSettledResult<void>[]> {
    return Promise.all(txs.map((t) => this.sends.add(t)));
  }

  /** One batch request; never throws: a transport failure rejects every transaction of it. */
  private async sendNow(txs: readonly SignedTx[]): Promise<PromiseSettledResult<void>[]> {
    let sent: PromiseSettledResult<unknown>[];
    try {
      sent = await this.provider.sendBatch(
        'eth_sendRawTransaction',
        txs.map((t) => [t.rawTx]),
      );
    } catch (e) {
      const error = toChainError('eth_sendRawTransaction', e);
      return txs.map(() => ({ status: 'rejected', reason: error }));
    }
    return Promise.all(
      sent.map(async (r, i): Promise<PromiseSettledResult<void>> => {
        if (r.status === 'fulfilled') return { status: 'fulfilled', value: undefined };
        const text = errorText(r.reason);
        if (/already known|already imported|nonce too low|nonce has already been used/i.test(text) && (await this.known(txs[i].hash).catch(() => false))) {
          return { status: 'fulfilled', value: undefined };
        }
        return { status: 'rejected', reason: toChainError('eth_sendRawTransaction', r.reason) };
      }),
    );
  }

  private async read(method: string, params: readonly unknown[]): Promise<unknown> {
    const r = await this.reads.add({ method, params });
    if (r.status === 'rejected') throw toChainError(method, r.reason);
    return r.value;
  }

  /** One batch request; never throws: a transport failure rejects every call of it. */
  private async readNow(calls: readonly RpcCall[]): Promise<PromiseSettledResult<unknown>[]> {
    try {
      return await this.provider.sendCalls(calls);
    } catch (e) {
      return calls.map(() => ({ status: 'rejected', reason: e }));
    }
  }

  private async known(hash: string): Promise<boolean> {
    const tx = await this.call('eth_getTransactionByHash', () => this.provider.getTransaction(hash));
    return tx !== null;
  }

  private async refreshFees(): Promise<void> {
    const block = await this.call('eth_getBlockByNumber', () => this.provider.getBlock('latest'));
    const base = block?.baseFeePerGas ?? 0n;
    this.baseFee = base;
    const priority = 1_000_000_000n; // 1 gwei tip
    // 2 × base + tip survives six full blocks of base-fee growth (EIP-1559: +12.5% per block).
    this.fees = { maxFeePerGas: base * 2n + priority, maxPriorityFeePerGas: priority };
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toChainError(what, e);
    }
  }
}

interface SignedTx {
  readonly rawTx: string;
  readonly hash: string;
}

/** A block number as a JSON-RPC block tag (a quantity), or the latest block. */
const tagOf = (block?: bigint): string => (block === undefined ? 'latest' : toQuantity(block));

/** A JSON-RPC quantity (0x-hex, no leading zeros) as a bigint; anything else is the node misbehaving. */
function quantityOf(what: string, result: unknown): bigint {
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(result))
    throw new ChainError('REJECTED', `${what}: not a quantity: ${String(result).slice(0, 80)}`);
  return BigInt(result);
}

/** An eth_call's return data as one ABI uint256 word (32 bytes); `0x` (no contract there) is refused. */
function uint256Of(what: string, result: unknown): bigint {
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(result))
    throw new ChainError('REJECTED', `${what}: not one uint256 word: ${String(result).slice(0, 80)}`);
  return BigInt(result);
}

function errorText(e: unknown): string {
  const err = e as { message?: string; info?: unknown; error?: { message?: string } };
  return [err?.message, err?.error?.message, JSON.stringify(err?.info ?? '')].join(' ');
}

function toChainError(what: string, e: unknown): ChainError {
  const code = (e as { code?: string })?.code;
  const text = errorText(e);
  if (code === 'TIMEOUT') return new ChainError('TIMEOUT', `${what} timed out`, { cause: e });
  if (/ECONNREFUSED|ECONNRESET|fetch failed|NETWORK_ERROR|SERVER_ERROR/.test(`${code} ${text}`)) {
    return new ChainError('UNAVAILABLE', `${what}: node unreachable`, { cause: e });
  }
  return new ChainError('REJECTED', `${what}: ${String((e as Error)?.message ?? e).slice(0, 200)}`, { cause: e });
}
