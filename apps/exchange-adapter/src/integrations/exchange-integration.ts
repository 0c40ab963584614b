import type { CreditRecord, RefundResponseBody } from '@bridge/contracts';
import type { AssetEntity, MerchantEntity } from '@bridge/persistence';
import type { Quote } from '../quotes/quote.service';

export interface RefundOrder {
  readonly refundId: string;
  readonly chain: string;
  readonly asset: AssetEntity;
  readonly amount: bigint;
  readonly to: string;
}

export interface PaymentEvent {
  readonly event: 'PAYMENT_BROADCAST' | 'PAYMENT_CONFIRMED';
  readonly authorizationId: string;
  readonly payload: Record<string, unknown>;
}

/**
 * What an exchange does for the bridge (the patent's exchange server): tell where the merchant is
 * paid, quote the conversion, hear about payments, and send refunds back to cardholders.
 */
export interface ExchangeIntegration {
  readonly kind: string;
  quote(currencyNumeric: string, amountMinor: bigint, asset: AssetEntity, deadlineAt: number): Promise<Quote | 'UNSUPPORTED_CURRENCY' | 'NO_RATE'>;
  resolveDestination(merchant: MerchantEntity, authorizationId: string, deadlineAt: number): Promise<string>;
  /** Resolves when the exchange accepted it; throws to be retried later. */
  notifyPayment(event: PaymentEvent): Promise<void>;
  /** Has the refund sent on-chain (its hash), or learns that the exchange holds it for now (ask again later). */
  requestRefund(order: RefundOrder): Promise<RefundResponseBody>;
  /** What the exchange credited per payment; null where there is no exchange to ask. */
  credits(authorizationIds: readonly string[]): Promise<CreditRecord[] | null>;
}
