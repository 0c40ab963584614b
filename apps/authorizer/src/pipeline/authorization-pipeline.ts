import { Injectable, Logger } from '@nestjs/common';
import type { DeclineReason } from '@bridge/contracts';
import { Metrics } from '../ops/metrics';
import type { AuthorizationContext } from './authorization-context';
import type { AuthorizationStep } from './authorization-step';
import { FetchInstructionsStep } from './steps/fetch-instructions.step';
import { FindAccountStep } from './steps/find-account.step';
import { SettlePaymentStep } from './steps/settle-payment.step';
import { ValidateRequestStep } from './steps/validate-request.step';

/** validate → account → destination + quote → funds + settle, stopping at the first decline. */
@Injectable()
export class AuthorizationPipeline {
  private readonly logger = new Logger(AuthorizationPipeline.name);
  private readonly steps: readonly AuthorizationStep[];

  constructor(
    validate: ValidateRequestStep,
    account: FindAccountStep,
    instructions: FetchInstructionsStep,
    settle: SettlePaymentStep,
    private readonly metrics: Metrics,
  ) {
    this.steps = [validate, account, instructions, settle];
  }

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    for (const step of this.steps) {
      const started = performance.now();
      try {
        const decline = await step.run(ctx);
        this.metrics.steps.observe({ step: step.name }, (performance.now() - started) / 1000);
        if (decline) return decline;
      } catch (e) {
        this.logger.error(`step ${step.name} failed for ${ctx.authorizationId}: ${(e as Error)?.stack ?? String(e)}`);
        return 'SYSTEM_ERROR';
      }
    }
    return undefined;
  }
}
