import { classify, type ChainEvidence, type Record } from './classification';

const paid: ChainEvidence = { status: 1, transferred: 1_000_000n, unattributedTwins: 0 };
const approved: Record = { status: 'APPROVED', cryptoAmount: 1_000_000n, hasPayment: true, paymentAgeMs: 1_000, refundStatus: null };

describe('reconciliation rules', () => {
  it.each<[string, Record, ChainEvidence, string]>([
    ['approved and paid exactly', approved, paid, 'MATCHED'],
    ['approved, nothing signed', { ...approved, hasPayment: false }, { transferred: 0n, unattributedTwins: 0 }, 'APPROVED_UNPAID'],
    ['declined, yet paid (late after a 91)', { ...approved, status: 'DECLINED' }, paid, 'PAID_NOT_APPROVED'],
    ['paid another amount', approved, { ...paid, transferred: 999_999n }, 'AMOUNT_MISMATCH'],
    ['paid, and paid again outside the bridge', approved, { ...paid, unattributedTwins: 1 }, 'DOUBLE_PAYMENT'],
    ['reverted on-chain', approved, { status: 0, transferred: 0n, unattributedTwins: 0 }, 'FAILED'],
    ['refund requested, not landed', { ...approved, status: 'REVERSED', refundStatus: 'SENT' }, paid, 'REFUND_PENDING'],
    ['refund failed', { ...approved, status: 'REVERSED', refundStatus: 'FAILED' }, paid, 'REFUND_FAILED'],
    ['not mined for too long', { ...approved, paymentAgeMs: 120_000 }, { transferred: 0n, unattributedTwins: 0 }, 'STUCK'],
    ['not mined yet, recent', approved, { transferred: 0n, unattributedTwins: 0 }, 'MATCHED'],
  ])('%s → %s', (_, record, chain, expected) => {
    expect(classify(record, chain, 60_000)).toBe(expected);
  });
});
