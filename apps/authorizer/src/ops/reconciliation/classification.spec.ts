import { classify, type ChainEvidence, type ExchangeEvidence, type Record } from './classification';

const paid: ChainEvidence = { status: 1, transferred: 1_000_000n, unattributedTwins: 0 };
const unmined: ChainEvidence = { transferred: 0n, unattributedTwins: 0 };
const approved: Record = { status: 'APPROVED', cryptoAmount: 1_000_000n, hasPayment: true, paymentAgeMs: 1_000, refundStatus: null };
const credited: ExchangeEvidence = { credit: 'CREDITED', creditedAmount: 1_000_000n };
const noExchange: ExchangeEvidence = { credit: 'NOT_APPLICABLE', creditedAmount: null };
const limits = { stuckAfterMs: 60_000, creditGraceMs: 300_000 };

describe('reconciliation rules', () => {
  it.each<[string, Record, ChainEvidence, ExchangeEvidence, string]>([
    ['approved, paid, credited exactly', approved, paid, credited, 'MATCHED'],
    ['approved, paid, merchant without exchange', approved, paid, noExchange, 'MATCHED'],
    ['approved, nothing signed', { ...approved, hasPayment: false }, unmined, noExchange, 'APPROVED_UNPAID'],
    ['declined, yet paid', { ...approved, status: 'DECLINED' }, paid, noExchange, 'PAID_NOT_APPROVED'],
    ['declined, nothing moved', { ...approved, status: 'DECLINED', hasPayment: false }, unmined, noExchange, 'MATCHED'],
    ['late after a 91, refund not landed', { ...approved, status: 'LATE_APPROVED', refundStatus: 'REQUESTED' }, paid, credited, 'PAID_NOT_APPROVED'],
    ['late after a 91, refund landed', { ...approved, status: 'LATE_APPROVED', refundStatus: 'CONFIRMED' }, paid, credited, 'MATCHED'],
    ['paid another amount (chain)', approved, { ...paid, transferred: 999_999n }, credited, 'AMOUNT_MISMATCH'],
    ['exchange credited another amount', approved, paid, { credit: 'CREDITED', creditedAmount: 990_000n }, 'AMOUNT_MISMATCH'],
    ['paid, and paid again outside the bridge', approved, { ...paid, unattributedTwins: 1 }, credited, 'DOUBLE_PAYMENT'],
    ['reverted on-chain', approved, { status: 0, transferred: 0n, unattributedTwins: 0 }, noExchange, 'FAILED'],
    ['reversal, refund not landed', { ...approved, status: 'REVERSED', refundStatus: 'SENT' }, paid, credited, 'REFUND_PENDING'],
    ['advice reversed before it was paid: nothing moved, nothing owed', { ...approved, status: 'REVERSED', hasPayment: false }, unmined, noExchange, 'MATCHED'],
    ['refund failed', { ...approved, status: 'REVERSED', refundStatus: 'FAILED' }, paid, credited, 'REFUND_FAILED'],
    ['not mined for too long', { ...approved, paymentAgeMs: 120_000 }, unmined, noExchange, 'STUCK'],
    ['not mined yet, recent', approved, unmined, noExchange, 'MATCHED'],
    ['exchange never credited, past the grace', { ...approved, paymentAgeMs: 400_000 }, paid, { credit: 'NONE', creditedAmount: null }, 'UNCREDITED'],
    ['exchange still pending, within the grace', approved, paid, { credit: 'PENDING', creditedAmount: null }, 'MATCHED'],
    ['exchange rejected the credit, past the grace', { ...approved, paymentAgeMs: 400_000 }, paid, { credit: 'REJECTED', creditedAmount: null }, 'UNCREDITED'],
    ['exchange not reachable in this run', { ...approved, paymentAgeMs: 400_000 }, paid, { credit: 'UNAVAILABLE', creditedAmount: null }, 'MATCHED'],
  ])('%s → %s', (_, record, chain, exchange, expected) => {
    expect(classify(record, chain, exchange, limits)).toBe(expected);
  });
});
