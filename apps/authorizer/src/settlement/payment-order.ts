import type { PaymentKind } from '@bridge/persistence';
import type { FeeQuote } from './chain-gateway';
import type { PaymentTx } from './sign-payment';
import type { WalletInfo } from './wallet-directory';

/** One payment to make for one authorization. */
export interface PaymentOrder {
  readonly authorizationId: string;
  /** The card's wallet (whose funds move). */
  readonly walletId: string;
  /** Its row, when read with the card: no lookup of its own (the directory keeps it). */
  readonly wallet?: WalletInfo;
  readonly assetSymbol: string;
  /** ERC-20 contract, or null for the chain's native coin. */
  readonly token: string | null;
  readonly destination: string;
  readonly amount: bigint;
  /** False once the response deadline has passed: nothing may be persisted after that. */
  readonly stillInTime: () => boolean;
  /** The authorization's answer, to commit with the payment (none: the caller records its answer itself). */
  readonly answer?: AnswerWithPayment;
}

/**
 * An authorization's answer written in its payment's own commit: one synchronous commit per approval
 * instead of two, and no state where the payment is committed but its approval is not, nor the reverse
 * (a row closed or reversed meanwhile rolls the payment back: approvalsSql).
 */
export interface AnswerWithPayment {
  /** Under the signer's lock, in the turn the order was found in time and signed: the answer's row (ANSWER_SQL's JSON) for that transaction. */
  row(txHash: string): { readonly id: string };
  /** After the batch: true — committed with its payment; false — its row was closed by the sweeper or reversed meanwhile, so neither was written. */
  done(written: boolean): void;
}

/** An order resolved against its wallets: who signs, whose funds, which call. */
export interface ResolvedOrder extends PaymentOrder {
  readonly kind: PaymentKind;
  readonly funding: WalletInfo;
  readonly gasLimit: bigint;
}

/**
 * `order` resolved, its fields named one by one: `{ ...order, kind, funding, gasLimit }` cost ~4 µs
 * here on Node.js 20 — V8 leaves an object made by a spread slow to extend (V8 issue 11536; esbuild#951),
 * against ~30 ns named. The mapped type makes the compiler ask for every field of ResolvedOrder, the
 * optional ones too, so a field added to PaymentOrder cannot be dropped here.
 */
export function resolveOrder(order: PaymentOrder, kind: PaymentKind, funding: WalletInfo, gasLimit: bigint): ResolvedOrder {
  const resolved: { readonly [K in keyof Required<ResolvedOrder>]: ResolvedOrder[K] } = {
    authorizationId: order.authorizationId,
    walletId: order.walletId,
    wallet: order.wallet,
    assetSymbol: order.assetSymbol,
    token: order.token,
    destination: order.destination,
    amount: order.amount,
    stillInTime: order.stillInTime,
    answer: order.answer,
    kind,
    funding,
    gasLimit,
  };
  return resolved;
}

/** The transaction that pays `order` at `nonce` with `fees`. */
export function paymentTx(order: ResolvedOrder, chainId: bigint, nonce: bigint, fees: FeeQuote): PaymentTx {
  return {
    kind: order.kind,
    chainId,
    token: order.token,
    from: order.funding.address,
    to: order.destination,
    amount: order.amount,
    nonce,
    gasLimit: order.gasLimit,
    fees,
  };
}
