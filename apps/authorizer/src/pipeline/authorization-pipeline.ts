import { Injectable, Logger } from '@nestjs/common';
import type { DeclineReason } from '@bridge/contracts';
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

  constructor(validate: ValidateRequestStep, account: FindAccountStep, instructions: FetchInstructionsStep, settle: SettlePaymentStep) {
    this.steps = [validate, account, instructions, settle];
  }

  async run(ctx: AuthorizationContext): Promise<DeclineReason | undefined> {
    for (const step of this.steps) {
      try {
        const decline = await step.run(ctx);
        if (decline) return decline;
      } catch (e) {
        this.logger.error(`step ${step.name} failed for ${ctx.authorizationId}: ${(e as Error)?.stack ?? String(e)}`);
        return 'SYSTEM_ERROR';
      }
    }
    return undefined;
  }
}
