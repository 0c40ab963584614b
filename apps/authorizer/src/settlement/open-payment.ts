/**
 * A payment the tracker still follows, with every signed attempt (newest first). The query takes the
 * chain, a row limit and a quiet time: payments sent more recently are left to the block scan.
 */
export interface OpenPayment {
  id: string;
  authorization_id: string;
  status: 'SIGNED' | 'SUBMITTED';
  nonce: string;
  /** The signing wallet's address. */
  address: string;
  last_broadcast_at: Date | null;
  key_path: string | null;
  attempts: { tx_hash: string; raw_tx: string; max_fee_per_gas: string; max_priority_fee_per_gas: string; created_at: string }[];
}

/**
 * Each wallet's oldest open payments first, wallets taking turns (the first of every wallet, then the
 * second…): a wallet with thousands open — its node stopped mining it — must not keep the other
 * wallets' first payments out of the row limit, and a wallet's first open payment is the one its later
 * ones wait for.
 */
export const OPEN_PAYMENTS_SQL = `
  WITH q AS (
    SELECT p.id, p.authorization_id, p.status, p.nonce, p.wallet_id, p.last_broadcast_at,
           row_number() OVER (PARTITION BY p.wallet_id ORDER BY p.nonce) AS place
      FROM payments p
     WHERE p.open AND p.chain = $1 AND COALESCE(p.last_broadcast_at, p.created_at) <= now() - $3 * interval '1 millisecond'
     ORDER BY place, p.wallet_id LIMIT $2)
  SELECT q.id, q.authorization_id, q.status, q.nonce::text, w.address, q.last_broadcast_at, w.key_path,
         (SELECT json_agg(json_build_object('tx_hash', t.tx_hash, 'raw_tx', t.raw_tx, 'max_fee_per_gas', t.max_fee_per_gas::text,
                  'max_priority_fee_per_gas', t.max_priority_fee_per_gas::text, 'created_at', t.created_at) ORDER BY t.created_at DESC)
            FROM payment_transactions t WHERE t.payment_id = q.id) AS attempts
    FROM q JOIN wallets w ON w.id = q.wallet_id
   ORDER BY q.place, q.wallet_id`;
