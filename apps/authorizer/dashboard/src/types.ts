/** Shapes the ops API returns (docs/ops-api.md). */
export interface AuthorizationRow {
  id: string;
  received_at: string;
  responded_at: string | null;
  mti: string;
  stan: string;
  merchant_id: string;
  pan_last4: string;
  amount_minor: string;
  currency_numeric: string;
  status: string;
  response_code: string | null;
  decline_reason: string | null;
  approval_code: string | null;
  rate: string | null;
  crypto_amount: string | null;
  asset_symbol: string | null;
  destination: string | null;
  needs_review: boolean;
  review_reason: string | null;
  tx_hash: string | null;
  payment_status: string | null;
  block_number: string | null;
}

export interface AuthorizationDetail {
  authorization: AuthorizationRow & { response_fields: Record<string, string> | null };
  payment: { attempts: { tx_hash: string; status: string; max_fee_per_gas: string; created_at: string }[] };
  refunds: { id: string; reason: string; status: string; amount: string; tx_hash: string | null; last_error: string | null }[];
  notifications: { event: string; status: string; attempts: number; last_error: string | null }[];
  reversals: { mti: string; stan: string; response_code: string; received_at: string }[];
}

export type { DailyTotal, Stats } from '../../../../libs/contracts/src/ops-figures';
