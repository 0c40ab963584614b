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
  /** Each step's histogram child, labelled once (prom-client hashes the labels on every labelled observe). */
  private readonly timers: readonly { observe(seconds: number): void }[];

  constructor(validate: ValidateRequestStep, account: FindAccountStep, instructions: FetchInstructionsStep, settle: SettlePaymentStep, metrics: Metrics) {
    this.steps = [validate, account, instructions, settle];
    this.timers = this.steps.map((step) => metrics.steps.labels({ step: step.name }));
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
