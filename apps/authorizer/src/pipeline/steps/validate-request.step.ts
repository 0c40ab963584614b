import { Injectable } from '@nestjs/common';
import { currencyByNumeric, DeclineReason, isLuhnValid } from '@bridge/contracts';
import type { AuthorizationRequest } from '../../mapping/authorization-request';
import type { AuthorizationContext } from '../authorization-context';
import type { AuthorizationStep } from '../authorization-step';

/** Purchase (DE3 positions 1-2 = 00) from the default account types only. */
const SUPPORTED_PROCESSING = /^00[0-9]{2}00$/;

/** Checks that need no lookup: processing code, amount, PAN check digit, currency. */
@Injectable()
export class ValidateRequestStep implements AuthorizationStep {
  readonly name = 'validate';

  async run({ request }: AuthorizationContext): Promise<DeclineReason | undefined> {
    return this.check(request);
  }

  /** The same checks, synchronously: the pipeline asks before it calls the exchange ahead of time. */
  check(request: AuthorizationRequest): DeclineReason | undefined {
    if (!SUPPORTED_PROCESSING.test(request.processingCode)) return 'UNSUPPORTED_TRANSACTION';
    if (request.amountMinor <= 0n) return 'INVALID_AMOUNT';
    if (!isLuhnValid(request.pan)) return 'INVALID_PAN';
    if (!currencyByNumeric(request.currencyNumeric)) return 'FORMAT_ERROR';
    return undefined;
  }
}
