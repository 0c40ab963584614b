/**
 * Mined transactions ($1 status, $2 hash, $3 block number, $4 block hash, $5 gas used, $6 fee paid)
 * matched to open payments by hash — other senders' transactions match nothing — and recorded in one
 * statement: the payment (its attempts' MINED / REPLACED follow from its mined hash: view
 * payment_attempts), a reverted payment flagged for review. Returns the recorded payments. Hashes go
 * as bpchar[] like the char(66) key: bpchar = text compares as text, which no index serves (a scan of
 * payment_transactions per pass). Each hash is one probe of that key: as a plain join, from ~600 hashes
 * (four 100 ms blocks at 1,500+ payments/s) the planner hashed the whole table instead (16 ms against 8
 * at 25,000 rows, and growing with it); OFFSET 0 keeps the subquery from being flattened into that join.
 * Whatever order the planner joins payments in, that work is done once per hash: m is MATERIALIZED
 * (a rescan reads its rows, it does not probe again), and "still open" is the status itself, not the
 * `open` column, whose partial indexes looked empty to statistics taken while no payment was open. The
 * planner then drove the join from one and ran every hash's probe once per open payment — 1,088 open ×
 * 104 hashes, 1.2 s for one 100 ms block (session 12, auto_explain): payments stayed open, the next
 * block took longer, and the block scan stalled while the chain mined on.
 */
export const RECORD_MINED_SQL = `
  WITH m AS MATERIALIZED (SELECT t.payment_id AS id, u.* FROM unnest($1::text[], $2::bpchar[], $3::bigint[], $4::text[], $5::numeric[], $6::numeric[])
                AS u(status, hash, block_number, block_hash, gas_used, fee_paid)
                CROSS JOIN LATERAL (SELECT payment_id FROM payment_transactions WHERE tx_hash = u.hash OFFSET 0) t),
       p AS (UPDATE payments SET status = m.status, mined_tx_hash = m.hash, block_number = m.block_number, block_hash = m.block_hash, confirmed_at = now(),
                gas_used = m.gas_used, fee_paid = m.fee_paid,
                submitted_at = COALESCE(payments.submitted_at, now()), failure_reason = CASE WHEN m.status = 'FAILED' THEN 'reverted on-chain' END
              FROM m WHERE payments.id = m.id AND payments.status IN ('SIGNED', 'SUBMITTED')
              RETURNING payments.authorization_id, payments.chain, payments.asset_symbol, payments.amount::text, payments.destination, m.hash, m.status),
       -- The network was told "approved": a reverted payment leaves the merchant unpaid. Ops must act.
       f AS (UPDATE authorizations SET needs_review = true, review_reason = 'PAYMENT_REVERTED' FROM p WHERE authorizations.id = p.authorization_id AND p.status = 'FAILED')
  SELECT p.*, a.acquirer_id, a.merchant_id FROM p JOIN authorizations a ON a.id = p.authorization_id`;
