import type { CreditState } from '@bridge/contracts';

/**
 * What reconciliation concludes for an authorization (or a transfer nobody authorized):
 * MATCHED, or one exception class for the ops queue.
 */
export type Classification =
  | 'MATCHED'
  | 'APPROVED_UNPAID'
  | 'PAID_NOT_APPROVED'
  | 'AMOUNT_MISMATCH'
  | 'DOUBLE_PAYMENT'
  | 'FAILED'
  | 'REFUND_PENDING'
  | 'REFUND_FAILED'
  | 'STUCK'
  | 'UNCREDITED'
  | 'PAID_OUTSIDE_BRIDGE';

export interface ChainEvidence {
  /** Receipt status of the mined attempt: 1 success, 0 reverted, undefined not mined. */
  readonly status?: number;
  /** What the chain says moved from the card wallet to the destination in that transaction. */
  readonly transferred: bigint;
  /** Other transfers from the card wallet to the same destination and amount, in no transaction of ours. */
  readonly unattributedTwins: number;
}

/** The merchant's exchange: what it credited (UNAVAILABLE: it could not be asked in this run). */
export interface ExchangeEvidence {
  readonly credit: CreditState | 'UNAVAILABLE';
  readonly creditedAmount: bigint | null;
}

export interface Record {
  readonly status: string;
  readonly cryptoAmount: bigint | null;
  readonly hasPayment: boolean;
  readonly paymentAgeMs: number;
  readonly refundStatus: string | null;
}

export interface Limits {
  /** A payment not mined after this long is STUCK. */
  readonly stuckAfterMs: number;
  /** A mined payment the exchange has not credited after this long is UNCREDITED. */
  readonly creditGraceMs: number;
}

/** One rule table, pure: the record, the chain's and the exchange's evidence → the class. */
export function classify(r: Record, chain: ChainEvidence, exchange: ExchangeEvidence, limits: Limits): Classification {
  const paidOnChain = chain.status === 1 && chain.transferred > 0n;
  if (r.refundStatus === 'FAILED') return 'REFUND_FAILED';
  if (r.status === 'DECLINED' || r.status === 'RECEIVED') return paidOnChain ? 'PAID_NOT_APPROVED' : 'MATCHED';
  // Reversed before anything was paid (a stand-in advice whose reversal overtook it): nothing owed either way.
  if (r.status === 'REVERSED' && !r.hasPayment) return 'MATCHED';
  if (!r.hasPayment) return 'APPROVED_UNPAID';
  if (chain.status === 0) return 'FAILED';
  if (chain.status === undefined) return r.paymentAgeMs > limits.stuckAfterMs ? 'STUCK' : 'MATCHED';
  if (r.cryptoAmount !== null && chain.transferred !== r.cryptoAmount) return 'AMOUNT_MISMATCH';
  if (chain.unattributedTwins > 0) return 'DOUBLE_PAYMENT';
  // The network got 91 (DE39) yet the money left: an exception until the refund has landed.
  if (r.status === 'LATE_APPROVED' && r.refundStatus !== 'CONFIRMED') return 'PAID_NOT_APPROVED';
  if (r.refundStatus === 'REQUESTED' || r.refundStatus === 'SENT') return 'REFUND_PENDING';
  return creditClass(exchange, chain.transferred, r.paymentAgeMs, limits.creditGraceMs);
}

/** The third source: an exchange credits what arrived; it must agree with the chain, in time. */
function creditClass(e: ExchangeEvidence, transferred: bigint, paymentAgeMs: number, graceMs: number): Classification {
  if (e.credit === 'CREDITED') return e.creditedAmount === transferred ? 'MATCHED' : 'AMOUNT_MISMATCH';
  if (e.credit === 'NONE' || e.credit === 'PENDING' || e.credit === 'REJECTED') return paymentAgeMs > graceMs ? 'UNCREDITED' : 'MATCHED';
  return 'MATCHED'; // no exchange behind the merchant, or not asked (the run records that the source was unavailable)
}
