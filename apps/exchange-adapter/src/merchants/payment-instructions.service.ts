import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentInstructionsReply, PaymentInstructionsRequest } from '@bridge/contracts';
import { AssetEntity } from '@bridge/persistence';
import { QuoteService } from '../quotes/quote.service';
import { AddressScreening } from '../screening/address-screening';
import { DestinationResolver } from './destination-resolver';
import { MerchantDirectory } from './merchant-directory';

/** The patent's exchange answer: the merchant's destination address and the quoted crypto amount. */
@Injectable()
export class PaymentInstructionsService {
  private readonly logger = new Logger(PaymentInstructionsService.name);

  constructor(
    private readonly merchants: MerchantDirectory,
    private readonly quotes: QuoteService,
    private readonly db: DataSource,
    private readonly destinations: DestinationResolver,
    private readonly screening: AddressScreening,
  ) {}

  async forPayment(request: PaymentInstructionsRequest): Promise<PaymentInstructionsReply> {
    if (!/^[0-9]{1,20}$/.test(String(request?.amountMinor))) return { ok: false, error: 'UNSUPPORTED_CURRENCY', detail: 'amountMinor must be digits' };
    const merchant = await this.merchants.find(request.acquirerId, request.merchantId);
    if (!merchant) return { ok: false, error: 'UNKNOWN_MERCHANT', detail: `no merchant ${request.acquirerId}/${request.merchantId.trimEnd()}` };
    const asset = await this.db.getRepository(AssetEntity).findOneBy({ chain: merchant.chain, symbol: merchant.assetSymbol });
    if (!asset) return { ok: false, error: 'NO_RATE', detail: `asset ${merchant.assetSymbol} not configured on ${merchant.chain}` };
    const quote = await this.quotes.quote(request.currencyNumeric, BigInt(request.amountMinor), asset);
    if (typeof quote === 'string') return { ok: false, error: quote, detail: `no quote for ${request.currencyNumeric} → ${asset.symbol}` };
    const destination = await this.destinations.resolve(merchant, request.authorizationId);
    const denied = await this.screening.screen({
      authorizationId: request.authorizationId,
      acquirerId: request.acquirerId,
      merchantId: request.merchantId,
      address: destination,
    });
    if (denied) return { ok: false, error: 'DENIED_DESTINATION', detail: denied };
    this.logger.debug(`quote ${quote.quoteId} for authorization ${request.authorizationId}`);
    return {
      ok: true,
      instructions: {
        chain: merchant.chain,
        destination,
        assetSymbol: asset.symbol,
        quoteId: quote.quoteId,
        rate: quote.rate,
        spreadBps: quote.spreadBps,
        cryptoAmount: quote.cryptoAmount.toString(),
        expiresAt: quote.expiresAt.toISOString(),
      },
    };
  }
}
