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
  | 'PAID_OUTSIDE_BRIDGE';

export interface ChainEvidence {
  /** Receipt status of the mined attempt: 1 success, 0 reverted, undefined not mined. */
  readonly status?: number;
  /** What the chain says moved from the card wallet to the destination in that transaction. */
  readonly transferred: bigint;
  /** Other transfers from the card wallet to the same destination and amount, in no transaction of ours. */
  readonly unattributedTwins: number;
}

export interface Record {
  readonly status: string;
  readonly cryptoAmount: bigint | null;
  readonly hasPayment: boolean;
  readonly paymentAgeMs: number;
  readonly refundStatus: string | null;
}

/** One rule table, pure: the record, the chain's evidence → the class. */
export function classify(r: Record, chain: ChainEvidence, stuckAfterMs: number): Classification {
  const paidOnChain = chain.status === 1 && chain.transferred > 0n;
  if (r.refundStatus === 'FAILED') return 'REFUND_FAILED';
  if (r.refundStatus === 'REQUESTED' || r.refundStatus === 'SENT') return 'REFUND_PENDING';
  if (r.status === 'DECLINED' || r.status === 'RECEIVED') return paidOnChain ? 'PAID_NOT_APPROVED' : 'MATCHED';
  if (!r.hasPayment) return 'APPROVED_UNPAID';
  if (chain.status === 0) return 'FAILED';
  if (chain.status === undefined) return r.paymentAgeMs > stuckAfterMs ? 'STUCK' : 'MATCHED';
  if (r.cryptoAmount !== null && chain.transferred !== r.cryptoAmount) return 'AMOUNT_MISMATCH';
  if (chain.unattributedTwins > 0) return 'DOUBLE_PAYMENT';
  return 'MATCHED';
}
