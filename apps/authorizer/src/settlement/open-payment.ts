/**
 * A payment the tracker still follows, with every signed attempt (newest first). The query takes the
 * chain, a row limit and a quiet time: payments sent more recently are left to the block scan.
 */
export interface OpenPayment {
  id: string;
  authorization_id: string;
  status: 'SIGNED' | 'SUBMITTED';
  last_broadcast_at: Date | null;
  key_path: string | null;
  attempts: { tx_hash: string; raw_tx: string; max_fee_per_gas: string; max_priority_fee_per_gas: string; created_at: string }[];
}

export const OPEN_PAYMENTS_SQL = `
  SELECT p.id, p.authorization_id, p.status, p.last_broadcast_at, w.key_path,
         json_agg(json_build_object('tx_hash', t.tx_hash, 'raw_tx', t.raw_tx, 'max_fee_per_gas', t.max_fee_per_gas::text,
                  'max_priority_fee_per_gas', t.max_priority_fee_per_gas::text, 'created_at', t.created_at) ORDER BY t.created_at DESC) AS attempts
    FROM payments p JOIN wallets w ON w.id = p.wallet_id JOIN payment_transactions t ON t.payment_id = p.id
   WHERE p.open AND p.chain = $1 AND COALESCE(p.last_broadcast_at, p.created_at) <= now() - $3 * interval '1 millisecond'
   GROUP BY p.id, w.key_path ORDER BY p.wallet_id, p.nonce LIMIT $2`;
