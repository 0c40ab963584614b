import type { EntityManager } from 'typeorm';
import type { ChainGateway } from './chain-gateway';
import type { ResolvedOrder } from './payment-order';

interface OpenSums {
  amounts: Map<string, bigint>;
  gas: bigint;
}

/**
 * What each funding wallet can still spend, read once per batch under the signer's row lock:
 * on-chain balance (and allowance, for delegated wallets) minus payments not yet confirmed, which
 * the node may not have counted yet. Orders then reserve from it one by one.
 */
export class FundsSnapshot {
  private readonly available = new Map<string, bigint>();
  private signerGas = 0n;

  private constructor(private readonly signerAddress: string) {}

  static async read(em: EntityManager, chain: ChainGateway, signer: { id: string; address: string }, orders: readonly ResolvedOrder[]): Promise<FundsSnapshot> {
    const snapshot = new FundsSnapshot(signer.address);
    const distinct = unique(orders);
    // The database and the node are read at the same time: one round trip less under the lock.
    const [open, gasWei, ...funds] = await Promise.all([
      openSums(em, signer.id, [...new Set(orders.map((o) => o.funding.id))]),
      chain.nativeBalance(signer.address),
      ...distinct.map((o) => fundsOf(chain, o, signer.address)),
    ]);
    snapshot.signerGas = gasWei - open.gas;
    distinct.forEach((o, i) => snapshot.available.set(keyOf(o), funds[i] - (open.amounts.get(keyOf(o)) ?? 0n)));
    return snapshot;
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

  get signer(): string {
    return this.signerAddress;
  }
}

const keyOf = (o: ResolvedOrder) => `${o.funding.id}/${o.assetSymbol}`;

function unique(orders: readonly ResolvedOrder[]): ResolvedOrder[] {
  return [...new Map(orders.map((o) => [keyOf(o), o])).values()];
}

async function fundsOf(chain: ChainGateway, o: ResolvedOrder, signer: string): Promise<bigint> {
  if (o.kind === 'NATIVE') return chain.nativeBalance(o.funding.address);
  const balance = await chain.tokenBalance(o.token!, o.funding.address);
  if (o.kind !== 'ERC20_TRANSFER_FROM') return balance;
  const allowance = await chain.tokenAllowance(o.token!, o.funding.address, signer);
  return balance < allowance ? balance : allowance;
}

async function openSums(em: EntityManager, signerId: string, fundingIds: string[]): Promise<OpenSums> {
  const rows = (await em.query(
    `SELECT funding_wallet_id || '/' || asset_symbol AS key, SUM(amount)::text AS amount,
            SUM(CASE WHEN wallet_id = $1 THEN gas_limit * max_fee_per_gas + (CASE WHEN kind = 'NATIVE' THEN amount ELSE 0 END) ELSE 0 END)::text AS gas
       FROM payments WHERE (funding_wallet_id = ANY($2) OR wallet_id = $1) AND status IN ('SIGNED', 'SUBMITTED')
      GROUP BY funding_wallet_id, asset_symbol`,
    [signerId, fundingIds],
  )) as { key: string; amount: string; gas: string }[];
  const amounts = new Map<string, bigint>();
  let gas = 0n;
  for (const r of rows) {
    amounts.set(r.key, BigInt(r.amount));
    gas += BigInt(r.gas);
  }
  return { amounts, gas };
}
