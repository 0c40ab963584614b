import { Injectable, Logger } from '@nestjs/common';
import { DE39_APPROVED, de39For } from '@bridge/contracts';
import type { IsoMessage } from '@bridge/iso8583';
import type { AuthorizationRequest } from '../mapping/authorization-request';
import { toAuthorizationResponse } from '../mapping/to-authorization-response';
import { toSimpleResponseFromEcho } from '../mapping/to-simple-response';
import { approvalCode } from '../pipeline/approval-code';
import { AuthorizationContext } from '../pipeline/authorization-context';
import { AuthorizationPipeline } from '../pipeline/authorization-pipeline';
import { AuthorizationRecorder } from '../pipeline/authorization-recorder';
import { requestHash } from '../pipeline/request-hash';
import { SettledAdviceWithPayment } from './settled-advice-with-payment';

/** Advices are not bound by the network's response deadline; this bounds our own work on one. */
export const ADVICE_BUDGET_MS = 10_000;

/**
 * 0120/0121: the network already approved in stand-in, so the money is owed. Run the same pipeline
 * (account → destination + quote → settle); answer 0130 00 either way. Settled, the row is written in
 * the payment's commit (SettledAdviceWithPayment); not, it is flagged for reconciliation
 * (ADVICE_UNSETTLED). A repeat acts once.
 */
@Injectable()
export class AdviceService {
  private readonly logger = new Logger(AdviceService.name);

  constructor(
    private readonly pipeline: AuthorizationPipeline,
    private readonly recorder: AuthorizationRecorder,
  ) {}

  async advise(request: AuthorizationRequest): Promise<IsoMessage> {
    const ctx = new AuthorizationContext(request, Date.now() + ADVICE_BUDGET_MS);
    const existing = await this.recorder.begin(ctx);
    if (existing) {
      const same = existing.requestHash === requestHash(request);
      return toSimpleResponseFromEcho(request.mti, request.echo, same ? DE39_APPROVED : de39For('DUPLICATE_MISMATCH'));
    }
    ctx.answerWithPayment = new SettledAdviceWithPayment(ctx);
    const decline = await this.pipeline.run(ctx);
    // A persisted payment is a settled advice even if its broadcast failed: the tracker sends it. Flagged
    // unsettled, it would be settled again by hand. Its ADVICE_SETTLED row committed with it.
    const settled = ctx.txHash !== undefined;
    if (!settled) this.logger.warn(`stand-in advice ${ctx.authorizationId} not settled (${decline}): flagged for reconciliation`);
    const answer = settled
      ? toAuthorizationResponse(
          request.mti,
          request.echo,
          {
            approved: true,
            approvalCode: approvalCode(),
            chain: ctx.instructions!.chain,
            txHash: ctx.txHash!,
            cryptoAmount: ctx.cryptoAmount!,
            assetSymbol: ctx.asset!.symbol,
          },
          'de48',
        )
      : toSimpleResponseFromEcho(request.mti, request.echo, '00');
    if (!settled) {
      await this.recorder.finish(ctx, {
        status: 'ADVICE_UNSETTLED',
        declineReason: decline,
        responseCode: '00',
        responseFields: {},
        reviewReason: `ADVICE_UNSETTLED:${decline}`,
      });
    }
    return answer;
  }
}
