import type { ChainFundsCache, FundsRead, Reading } from './chain-funds-cache';
import type { ResolvedOrder } from './payment-order';

/** Our payments that a chain reading may not show yet, per funding key; `block` null = not mined. */
export interface OpenPaymentSum {
  readonly key: string;
  readonly block: bigint | null;
  readonly amount: bigint;
  readonly gas: bigint;
}

/** What the chain held for a batch: the signer's coin (gas) and each funding key's balance (and allowance). */
export interface ChainFunds {
  readonly gas: Reading;
  readonly funds: ReadonlyMap<string, readonly Reading[]>;
}

/**
 * What each funding wallet can still spend: for every on-chain reading (at its block), the value
 * minus our payments not mined by that block (signed, submitted, or mined later). Delegated wallets
 * can spend the smaller of balance and allowance. Orders then reserve from it one by one.
 */
export class FundsSnapshot {
  private constructor(
    private readonly available: Map<string, bigint>,
    private signerGas: bigint,
  ) {}

  static async readChain(cache: ChainFundsCache, signerAddress: string, orders: readonly ResolvedOrder[]): Promise<ChainFunds> {
    const distinct = unique(orders);
    const plans = distinct.map((o) => readsFor(o, signerAddress));
    const [gas, ...funds] = await cache.read([{ kind: 'native', owner: signerAddress }, ...plans.flat()]);
    const byKey = new Map<string, Reading[]>();
    let i = 0;
    distinct.forEach((o, k) => byKey.set(keyOf(o), funds.slice(i, (i += plans[k].length))));
    return { gas, funds: byKey };
  }

  /** The oldest block among the readings: payments mined after it must be fetched as still open. */
  static oldestBlock(chain: ChainFunds): bigint {
    let oldest = chain.gas.block;
    for (const readings of chain.funds.values()) for (const r of readings) if (r.block < oldest) oldest = r.block;
    return oldest;
  }

  static of(chain: ChainFunds, open: readonly OpenPaymentSum[]): FundsSnapshot {
    const available = new Map<string, bigint>();
    for (const [key, readings] of chain.funds) {
      const spendable = readings.map((r) => r.value - sumAfter(open, r.block, (s) => (s.key === key ? s.amount : 0n)));
      available.set(
        key,
        spendable.reduce((a, b) => (b < a ? b : a)),
      );
    }
    return new FundsSnapshot(available, chain.gas.value - sumAfter(open, chain.gas.block, (s) => s.gas));
  }

  /** Reserves amount + gas for an order; false (and nothing reserved) when it does not fit. */
  reserve(o: ResolvedOrder, gasCost: bigint): boolean {
    const key = keyOf(o);
    const native = o.kind === 'NATIVE';
    const need = native ? o.amount + gasCost : o.amount;
    const available = this.available.get(key) ?? 0n;
    // The signer's coin pays gas and, for a native payment, the amount too (pending ones included).
    if (available < need || this.signerGas < (native ? need : gasCost)) return false;
    this.available.set(key, available - need);
    this.signerGas -= gasCost;
    if (native) this.signerGas -= o.amount; // same wallet: the coin pays both
    return true;
  }

  /** True when the shortfall is the signer's gas rather than the cardholder's funds. */
  gasShort(gasCost: bigint): boolean {
    return this.signerGas < gasCost;
  }
}

/** Funds are per funding wallet and asset (the open sums' `key` column has the same form). */
const keyOf = (o: ResolvedOrder): string => `${o.funding.id}/${o.assetSymbol}`;

function unique(orders: readonly ResolvedOrder[]): ResolvedOrder[] {
  return [...new Map(orders.map((o) => [keyOf(o), o])).values()];
}

function readsFor(o: ResolvedOrder, signer: string): FundsRead[] {
  const owner = o.funding.address;
  if (o.kind === 'NATIVE') return [{ kind: 'native', owner }];
  const balance: FundsRead = { kind: 'erc20', token: o.token!, owner };
  return o.kind === 'ERC20_TRANSFER_FROM' ? [balance, { kind: 'allowance', token: o.token!, owner, spender: signer }] : [balance];
}

/** Sum over the payments a reading at `block` does not reflect: not mined, or mined after it. */
function sumAfter(open: readonly OpenPaymentSum[], block: bigint, pick: (s: OpenPaymentSum) => bigint): bigint {
  let sum = 0n;
  for (const s of open) if (s.block === null || s.block > block) sum += pick(s);
  return sum;
}
