import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentInstructionsReply, PaymentInstructionsRequest } from '@bridge/contracts';
import { AssetEntity } from '@bridge/persistence';
import { TtlCache } from '@bridge/runtime';
import { ExchangeUnavailableError } from '../integrations/exchange-unavailable.error';
import { IntegrationRegistry } from '../integrations/integration-registry';
import { AddressScreening } from '../screening/address-screening';
import { MerchantDirectory } from './merchant-directory';

const ASSET_TTL_MS = 30_000;

/** The patent's exchange answer: the merchant's destination address and the quoted crypto amount. */
@Injectable()
export class PaymentInstructionsService {
  private readonly logger = new Logger(PaymentInstructionsService.name);
  private readonly assets = new TtlCache<string, AssetEntity | null>(ASSET_TTL_MS);

  constructor(
    private readonly merchants: MerchantDirectory,
    private readonly integrations: IntegrationRegistry,
    private readonly screening: AddressScreening,
    private readonly db: DataSource,
  ) {}

  /** Assets change rarely and sit on the hot path: cached for ASSET_TTL_MS. */
  private asset(chain: string, symbol: string): Promise<AssetEntity | null> {
    return this.assets.get(`${chain}/${symbol}`, () => this.db.getRepository(AssetEntity).findOneBy({ chain, symbol }));
  }

  async forPayment(request: PaymentInstructionsRequest): Promise<PaymentInstructionsReply> {
    if (!/^[0-9]{1,20}$/.test(String(request?.amountMinor))) return { ok: false, error: 'UNSUPPORTED_CURRENCY', detail: 'amountMinor must be digits' };
    const deadlineAt = request.deadlineAt ?? Date.now() + 1_000;
    const merchant = await this.merchants.find(request.acquirerId, request.merchantId);
    if (!merchant) return { ok: false, error: 'UNKNOWN_MERCHANT', detail: `no merchant ${request.acquirerId}/${request.merchantId.trimEnd()}` };
    const asset = await this.asset(merchant.chain, merchant.assetSymbol);
    if (!asset) return { ok: false, error: 'NO_RATE', detail: `asset ${merchant.assetSymbol} not configured on ${merchant.chain}` };
    const integration = this.integrations.for(merchant);
    try {
      const [quote, destination] = await Promise.all([
        integration.quote(request.currencyNumeric, BigInt(request.amountMinor), asset, deadlineAt),
        integration.resolveDestination(merchant, request.authorizationId, deadlineAt),
      ]);
      if (typeof quote === 'string') return { ok: false, error: quote, detail: `no quote for ${request.currencyNumeric} → ${asset.symbol}` };
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
    } catch (e) {
      if (e instanceof ExchangeUnavailableError) return { ok: false, error: 'UNAVAILABLE', detail: e.message };
      throw e;
    }
  }
}
