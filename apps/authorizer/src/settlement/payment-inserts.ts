import { PreparedStatement, sqlLiteral } from '@bridge/persistence';
import { uuidV7 } from '@bridge/runtime';
import type { FeeQuote } from './chain-gateway';
import type { ResolvedOrder } from './payment-order';
import type { PaymentTx, SignedTx } from './sign-payment';

/** A payment decided and signed in a batch. */
export interface SignedPayment extends SignedTx {
  readonly signerId: string;
  readonly order: ResolvedOrder;
  readonly tx: PaymentTx;
}

/**
 * The payments ($1: rows as JSON, $2: their count — json_to_recordset is assumed to return 100 rows,
 * the LIMIT tells the planner the truth), their first attempts and the signers' nonce advances, on
 * chain $3 at fees $4 / $5.
 */
export const INSERT_PAYMENTS = new PreparedStatement(
  'bridge_insert_payments',
  ['json', 'int', 'text', 'numeric', 'numeric'],
  `WITH r AS (
     SELECT * FROM json_to_recordset($1) AS r(id uuid, authorization_id uuid, wallet_id uuid, funding_wallet_id uuid,
       kind text, nonce bigint, asset_symbol text, destination text, amount numeric, tx_hash text, raw_tx text, gas_limit bigint)
     LIMIT $2),
   p AS (
     INSERT INTO payments (id, authorization_id, wallet_id, funding_wallet_id, kind, chain, nonce, asset_symbol, destination, amount, tx_hash,
       max_fee_per_gas, max_priority_fee_per_gas, gas_limit, status, created_at)
     SELECT id, authorization_id, wallet_id, funding_wallet_id, kind, $3, nonce, asset_symbol, destination, amount, tx_hash, $4, $5, gas_limit, 'SIGNED', now() FROM r
     RETURNING id, max_fee_per_gas, max_priority_fee_per_gas),
   w AS (UPDATE wallets SET next_nonce = next_nonce + c.n FROM (SELECT wallet_id, count(*) AS n FROM r GROUP BY wallet_id) c WHERE wallets.id = c.wallet_id)
   INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas)
   SELECT r.tx_hash, p.id, r.raw_tx, p.max_fee_per_gas, p.max_priority_fee_per_gas FROM p JOIN r ON r.id = p.id`,
);

/** The payments, their first attempts and the nonce advances in one statement (rows as one JSON literal). */
export function paymentInserts(signed: readonly SignedPayment[], chain: string, fees: FeeQuote, prepared: boolean): string {
  const rows = signed.map((s) => ({
    id: uuidV7(), // time-ordered: see uuid-v7.ts
    authorization_id: s.order.authorizationId,
    wallet_id: s.signerId,
    funding_wallet_id: s.order.funding.id,
    kind: s.order.kind,
    nonce: s.tx.nonce.toString(),
    asset_symbol: s.order.assetSymbol,
    destination: s.order.destination,
    amount: s.order.amount.toString(),
    tx_hash: s.hash,
    raw_tx: s.rawTx,
    gas_limit: s.order.gasLimit.toString(),
  }));
  return INSERT_PAYMENTS.sql(
    [sqlLiteral(JSON.stringify(rows)), String(rows.length), sqlLiteral(chain), sqlLiteral(fees.maxFeePerGas), sqlLiteral(fees.maxPriorityFeePerGas)],
    prepared,
  );
}
