import { Injectable, Logger } from '@nestjs/common';
import type { DeclineReason, ExchangeRefusal } from '@bridge/contracts';
import { ExchangeAdapterClient } from '../../exchange/exchange-adapter.client';
import { ExchangeUnavailableError } from '../../exchange/exchange-unavailable.error';
import { Metrics } from '../../ops/metrics';
import { AssetDirectory } from '../../settlement/asset-directory';
import { ChainGateway } from '../../settlement/chain-gateway';
import type { AuthorizationContext, InstructionsCallResult } from '../authorization-context';
import type { AuthorizationStep } from '../authorization-step';

/** Time kept back from the exchange call for funds check, signing, persisting and broadcast. */
const SETTLEMENT_RESERVE_MS = 150;

const DECLINE_BY_REFUSAL: Record<ExchangeRefusal, DeclineReason> = {
  UNKNOWN_MERCHANT: 'NOT_PERMITTED',
  UNSUPPORTED_CURRENCY: 'NOT_PERMITTED',
  NO_RATE: 'NOT_PERMITTED',
  DENIED_DESTINATION: 'NOT_PERMITTED', // address screening (denylist)
  UNAVAILABLE: 'ISSUER_UNAVAILABLE',
};

/** Asks the exchange adapter for the merchant's destination and an FX quote (patent steps 3-4). */
@Injectable()
export class FetchInstructionsStep implements AuthorizationStep {
  readonly name = 'instructions';
  private readonly logger = new Logger(FetchInstructionsStep.name);

  constructor(
    private readonly exchange: ExchangeAdapterClient,
    private readonly assets: AssetDirectory,
    private readonly chain: ChainGateway,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Starts the exchange call now (for a warm card, alongside the RECEIVED insert); `run` takes its
   * result. Nothing is thrown from here: an unused call's failure must not surface anywhere.
   */
  prefetch(ctx: AuthorizationContext): void {
    if (ctx.instructionsCall) return;
    ctx.instructionsCall = this.call(ctx);
    this.metrics.exchangeCallsAhead.inc();
  }

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    if (ctx.instructionsCall) this.metrics.exchangeCallsAheadUsed.inc();
    const called = await (ctx.instructionsCall ?? this.call(ctx));
    if ('error' in called) {
      if (called.error instanceof ExchangeUnavailableError) {
        this.metrics.exchangeFailures.inc();
        this.logger.warn(called.error.message);
        return 'ISSUER_UNAVAILABLE';
      }
      throw called.error;
    }
    const reply = called.reply;
    if (!reply.ok) return DECLINE_BY_REFUSAL[reply.error];
    const instructions = reply.instructions;
    if (Date.parse(instructions.expiresAt) <= Date.now()) return 'ISSUER_UNAVAILABLE'; // expired quote: never pay on it
    if (instructions.chain !== this.chain.caip2) return 'NOT_PERMITTED';
    const asset = await this.assets.find(instructions.chain, instructions.assetSymbol);
    if (!asset) return 'NOT_PERMITTED';
    // The quote was computed with the configured decimals: refuse if the contract says otherwise.
    if (asset.tokenAddress && (await this.chain.tokenDecimals(asset.tokenAddress)) !== asset.decimals) {
      this.logger.error(`asset ${asset.symbol} on ${asset.chain}: configured decimals ${asset.decimals} differ from the contract's`);
      return 'NOT_PERMITTED';
    }
    ctx.instructions = instructions;
    ctx.asset = asset;
    ctx.cryptoAmount = BigInt(instructions.cryptoAmount);
    return undefined;
  }

  /** The adapter's instructions within the time left but the settlement's reserve; a failure is returned, not thrown. */
  private async call(ctx: AuthorizationContext): Promise<InstructionsCallResult> {
    const { request } = ctx;
    const timeoutMs = ctx.remainingMs() - SETTLEMENT_RESERVE_MS;
    try {
      const reply = await this.exchange.paymentInstructions(
        {
          acquirerId: request.acquirerId,
          merchantId: request.merchantId,
          currencyNumeric: request.currencyNumeric,
          amountMinor: request.amountMinor.toString(),
          authorizationId: ctx.authorizationId,
          deadlineAt: Date.now() + timeoutMs,
        },
        timeoutMs,
      );
      return { reply };
    } catch (error) {
      return { error };
    }
  }
}
