import { Injectable } from '@nestjs/common';
import type { CreditRecord, RefundResponseBody } from '@bridge/contracts';
import type { AssetEntity, MerchantEntity } from '@bridge/persistence';
import { DestinationResolver } from '../merchants/destination-resolver';
import { QuoteService } from '../quotes/quote.service';
import type { ExchangeIntegration, PaymentEvent, RefundOrder } from './exchange-integration';

/**
 * Static integration: rates from the fx_rates table, the FIXED payout address or a DERIVED (xpub)
 * address per payment. There is no exchange to notify or to send refunds: notifications are recorded
 * as delivered locally, and a refund is refused so it shows as FAILED for ops to settle by hand.
 */
@Injectable()
export class StaticIntegration implements ExchangeIntegration {
  readonly kind = 'STATIC';

  constructor(
    private readonly quotes: QuoteService,
    private readonly destinations: DestinationResolver,
  ) {}

  quote(currencyNumeric: string, amountMinor: bigint, asset: AssetEntity) {
    return this.quotes.quote(currencyNumeric, amountMinor, asset);
  }

  resolveDestination(merchant: MerchantEntity, authorizationId: string): Promise<string> {
    return this.destinations.resolve(merchant, authorizationId);
  }

  async notifyPayment(event: PaymentEvent): Promise<void> {
    void event; // no exchange endpoint behind a static integration
  }

  async requestRefund(order: RefundOrder): Promise<RefundResponseBody> {
    throw new Error(`refund ${order.refundId}: a static integration has no exchange to send refunds`);
  }

  async credits(): Promise<CreditRecord[] | null> {
    return null; // the merchant is paid at its own address: nobody credits it
  }
}
