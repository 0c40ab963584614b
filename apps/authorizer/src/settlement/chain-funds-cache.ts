import { Inject, Injectable } from '@nestjs/common';
import { LruMap } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ChainGateway, type Head } from './chain-gateway';

/** One on-chain amount a payment draws on: a coin balance, an EIP-20 balance or an EIP-20 allowance. */
export type FundsRead =
  | { readonly kind: 'native'; readonly owner: string }
  | { readonly kind: 'erc20'; readonly token: string; readonly owner: string }
  | { readonly kind: 'allowance'; readonly token: string; readonly owner: string; readonly spender: string };

/** A value as the chain had it at the end of `block`; `at` is when that block was known to be the head. */
export interface Reading {
  readonly value: bigint;
  readonly block: bigint;
  readonly at: number;
}

/**
 * Readings kept (~300 bytes each; a custodial wallet has two: its coin and its token). One evicted costs
 * its wallet a first reading next time: the head asked for, one round trip more.
 */
export const READINGS_KEPT = 50_000;

/**
 * On-chain balances and allowances, each read at a named block. Because a reading names its block,
 * an older one is still exact once the payments mined after that block are subtracted (the
 * FundsSnapshot does so), so a batch may use the reading the previous batch started instead of
 * waiting for the node under the wallet's lock. Only inflows (top-ups) are seen up to
 * FUNDS_MAX_AGE_MS late; 0 reads every time. For the same reason a stale reading is read again at the
 * head the gateway already knows, when recent: one round trip on the payment lane instead of two.
 */
@Injectable()
export class ChainFundsCache {
  private readonly readings = new LruMap<string, Reading>(READINGS_KEPT);
  private readonly inFlight = new Map<string, Promise<Reading>>();
  private head?: Promise<Head>;

  constructor(
    private readonly chain: ChainGateway,
    @Inject(AUTHORIZER_CONFIG) private readonly config: Pick<AuthorizerConfig, 'fundsMaxAgeMs'>,
  ) {}

  read(reads: readonly FundsRead[]): Promise<Reading[]> {
    return Promise.all(reads.map((r) => this.one(r)));
  }

  private one(r: FundsRead): Promise<Reading> {
    const hit = this.readings.get(keyOf(r));
    const age = hit ? Date.now() - hit.at : Infinity;
    if (age > this.config.fundsMaxAgeMs) return this.refresh(r);
    // Past half its age, read ahead for the next batches; this one goes on with what it has.
    if (age > this.config.fundsMaxAgeMs / 2) this.refresh(r).catch(() => undefined);
    return Promise.resolve(hit!);
  }

  private refresh(r: FundsRead): Promise<Reading> {
    const key = keyOf(r);
    let pending = this.inFlight.get(key);
    if (pending) return pending;
    pending = this.blockFor(this.readings.has(key))
      .then(async ({ block, at }) => ({ value: await this.fetch(r, BigInt(block)), block: BigInt(block), at }))
      .then((reading) => {
        const known = this.readings.get(key);
        if (!known || known.at <= reading.at) this.readings.set(key, reading);
        return reading;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pending);
    return pending;
  }

  /**
   * The block to read at: the head the gateway learned within a quarter of the max age (so a reading
   * keeps most of its life), else one eth_blockNumber shared by the reads that start together. A first
   * reading always asks: a wallet funded a moment ago must see its funds.
   */
  private blockFor(readBefore: boolean): Promise<Head> {
    const known = readBefore ? this.chain.knownHead(this.config.fundsMaxAgeMs / 4) : undefined;
    if (known) return Promise.resolve(known);
    this.head ??= this.chain.headNow().finally(() => (this.head = undefined));
    return this.head;
  }

  private fetch(r: FundsRead, block: bigint): Promise<bigint> {
    if (r.kind === 'native') return this.chain.nativeBalance(r.owner, block);
    if (r.kind === 'erc20') return this.chain.tokenBalance(r.token, r.owner, block);
    return this.chain.tokenAllowance(r.token, r.owner, r.spender, block);
  }
}

const keyOf = (r: FundsRead): string =>
  r.kind === 'allowance' ? `${r.kind}:${r.token}:${r.owner}:${r.spender}` : `${r.kind}:${'token' in r ? r.token : ''}:${r.owner}`;
