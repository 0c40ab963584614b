import { Injectable, Logger } from '@nestjs/common';
import type { DeclineReason } from '@bridge/contracts';
import { ExchangeAdapterClient } from '../../exchange/exchange-adapter.client';
import { ChainError } from '../../settlement/chain-error';
import { SettlementService } from '../../settlement/settlement.service';
import type { AuthorizationContext } from '../authorization-context';
import type { AuthorizationStep } from '../authorization-step';

/** Funds check + sign + persist + broadcast (patent step 5). */
@Injectable()
export class SettlePaymentStep implements AuthorizationStep {
  readonly name = 'settle';
  private readonly logger = new Logger(SettlePaymentStep.name);

  constructor(
    private readonly settlement: SettlementService,
    private readonly exchange: ExchangeAdapterClient,
  ) {}

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    const { instructions, asset, account, cryptoAmount } = ctx;
    if (!instructions || !asset || !account?.walletId || cryptoAmount === undefined) return 'SYSTEM_ERROR';
    try {
      const outcome = await this.settlement.pay({
        authorizationId: ctx.authorizationId,
        walletId: account.walletId,
        wallet: account.wallet,
        assetSymbol: asset.symbol,
        token: asset.tokenAddress,
        destination: instructions.destination,
        amount: cryptoAmount,
        stillInTime: () => ctx.stillInTime(),
        answer: ctx.answerWithPayment,
      });
      if (outcome.kind === 'INSUFFICIENT_FUNDS') return 'INSUFFICIENT_FUNDS';
      // Closed: the sweeper answered 91 for it, or the network reversed it — nothing was paid.
      if (outcome.kind === 'DEADLINE_PASSED' || outcome.kind === 'AUTHORIZATION_CLOSED') return 'ISSUER_UNAVAILABLE';
      if (outcome.kind === 'NOT_PAYABLE') {
        this.logger.warn(`authorization ${ctx.authorizationId} not payable: ${outcome.detail}`);
        return 'NOT_PERMITTED';
      }
      ctx.txHash = outcome.txHash;
      if (outcome.broadcast) {
        this.exchange.emitPaymentEvent({
          event: 'PAYMENT_BROADCAST',
          authorizationId: ctx.authorizationId,
          acquirerId: ctx.request.acquirerId,
          merchantId: ctx.request.merchantId,
          chain: instructions.chain,
          assetSymbol: asset.symbol,
          amount: cryptoAmount.toString(),
          destination: instructions.destination,
          txHash: outcome.txHash,
        });
      }
      // Persisted but not accepted by the node: the tracker will re-send it, so the money will move. The
      // approval committed with it stands; a payment without one (none of this version's) would be a late approval.
      return outcome.broadcast || ctx.recordedAnswer ? undefined : 'ISSUER_UNAVAILABLE';
    } catch (e) {
      if (e instanceof ChainError) return 'ISSUER_UNAVAILABLE';
      throw e;
    }
  }
}
