import { Injectable } from '@nestjs/common';
import {
  EXCHANGE_HTTP,
  type AddressResponseBody,
  type CreditRecord,
  type CreditsResponseBody,
  type QuoteResponseBody,
  type RefundResponseBody,
} from '@bridge/contracts';
import type { AssetEntity, MerchantEntity } from '@bridge/persistence';
import { getAddress } from 'ethers';
import { DestinationResolver } from '../merchants/destination-resolver';
import type { Quote } from '../quotes/quote.service';
import type { ExchangeIntegration, PaymentEvent, RefundOrder } from './exchange-integration';
import { ExchangeRejectedError } from './exchange-unavailable.error';
import { HttpExchangeClient } from './http-exchange-client';

/** An exchange over its REST API: quotes, exchange-provided deposit addresses, webhooks, refunds. */
@Injectable()
export class HttpIntegration implements ExchangeIntegration {
  readonly kind = 'HTTP';

  constructor(
    private readonly client: HttpExchangeClient,
    private readonly destinations: DestinationResolver,
  ) {}

  async quote(currencyNumeric: string, amountMinor: bigint, asset: AssetEntity, deadlineAt: number): Promise<Quote | 'NO_RATE'> {
    try {
      const q = await this.client.post<QuoteResponseBody>(
        EXCHANGE_HTTP.quotes,
        { currencyNumeric, amountMinor: amountMinor.toString(), asset: asset.symbol, decimals: asset.decimals },
        `quote-${currencyNumeric}-${amountMinor}-${asset.symbol}-${deadlineAt}`,
        'authorization',
        deadlineAt,
      );
      return { quoteId: q.quoteId, rate: q.rate, spreadBps: q.spreadBps, cryptoAmount: BigInt(q.cryptoAmount), expiresAt: new Date(q.expiresAt) };
    } catch (e) {
      if (e instanceof ExchangeRejectedError) return 'NO_RATE';
      throw e;
    }
  }

  async resolveDestination(merchant: MerchantEntity, authorizationId: string, deadlineAt: number): Promise<string> {
    if (merchant.addressMode !== 'EXCHANGE') return this.destinations.resolve(merchant, authorizationId);
    const { address } = await this.client.post<AddressResponseBody>(
      EXCHANGE_HTTP.addresses,
      { acquirerId: merchant.acquirerId, merchantId: merchant.merchantId, authorizationId, chain: merchant.chain, asset: merchant.assetSymbol },
      `address-${authorizationId}`,
      'authorization',
      deadlineAt,
    );
    return getAddress(address); // never pay to something that is not an address
  }

  async notifyPayment(event: PaymentEvent): Promise<void> {
    await this.client.post(
      EXCHANGE_HTTP.notifications,
      { ...event.payload, event: event.event, authorizationId: event.authorizationId },
      `notify-${event.authorizationId}-${event.event}`,
      'background',
    );
  }

  async requestRefund(order: RefundOrder): Promise<RefundResponseBody> {
    return this.client.post<RefundResponseBody>(
      EXCHANGE_HTTP.refunds,
      {
        refundId: order.refundId,
        chain: order.chain,
        asset: order.asset.symbol,
        token: order.asset.tokenAddress,
        amount: order.amount.toString(),
        to: order.to,
      },
      `refund-${order.refundId}`,
      'background',
    );
  }

  async credits(authorizationIds: readonly string[]): Promise<CreditRecord[]> {
    const { credits } = await this.client.post<CreditsResponseBody>(
      EXCHANGE_HTTP.credits,
      { authorizationIds },
      `credits-${authorizationIds[0]}-${authorizationIds.length}`,
      'background',
    );
    return credits;
  }
}
