import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeclineReason } from '@bridge/contracts';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { Metrics } from '../ops/metrics';
import type { AuthorizationContext } from './authorization-context';
import type { AuthorizationStep } from './authorization-step';
import { FetchInstructionsStep } from './steps/fetch-instructions.step';
import { FindAccountStep } from './steps/find-account.step';
import { SettlePaymentStep } from './steps/settle-payment.step';
import { ValidateRequestStep } from './steps/validate-request.step';
import { WarmCards } from './warm-cards';

/** validate → account → destination + quote → funds + settle, stopping at the first decline. */
@Injectable()
export class AuthorizationPipeline {
  private readonly logger = new Logger(AuthorizationPipeline.name);
  private readonly steps: readonly AuthorizationStep[];
  /** Each step's histogram child, labelled once (prom-client hashes the labels on every labelled observe). */
  private readonly timers: readonly { observe(seconds: number): void }[];

  constructor(
    private readonly validate: ValidateRequestStep,
    account: FindAccountStep,
    private readonly instructions: FetchInstructionsStep,
    settle: SettlePaymentStep,
    private readonly warm: WarmCards,
    metrics: Metrics,
    @Inject(AUTHORIZER_CONFIG) private readonly config: Pick<AuthorizerConfig, 'exchangeAskAhead'>,
  ) {
    this.steps = [validate, account, instructions, settle];
    this.timers = this.steps.map((step) => metrics.steps.labels({ step: step.name }));
  }

  /**
   * Called before the RECEIVED insert: for a valid request on a card last found payable, the exchange
   * call starts now and overlaps that round trip; the steps still run in order and the account step
   * still decides on the card as read. Any other request — every one with EXCHANGE_ASK_AHEAD=off — asks
   * the exchange only after the account step.
   */
  prefetch(ctx: AuthorizationContext): void {
    if (this.config.exchangeAskAhead && this.validate.check(ctx.request) === undefined && this.warm.has(ctx)) this.instructions.prefetch(ctx);
  }

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    for (const [i, step] of this.steps.entries()) {
      const started = performance.now();
      try {
        const decline = await step.run(ctx);
        this.timers[i].observe((performance.now() - started) / 1000);
        if (decline) return decline;
      } catch (e) {
        this.logger.error(`step ${step.name} failed for ${ctx.authorizationId}: ${(e as Error)?.stack ?? String(e)}`);
        return 'SYSTEM_ERROR';
      }
    }
    return undefined;
  }
}
