import type { AnswerWithPayment } from '../settlement/payment-order';
import { answeredRow } from '../pipeline/authorization-recorder';
import type { AuthorizationContext } from '../pipeline/authorization-context';

/**
 * A stand-in advice's ADVICE_SETTLED row, written in its payment's commit (AnswerWithPayment), all or
 * none: no payment for an advice whose row the stale sweeper closed meanwhile (ADVICE_UNSETTLED — ops
 * would settle it by hand: paid twice) or the network reversed (nothing owed any more). A crash after
 * the commit leaves it settled, as its payment is. Committed or not shows in the settle step's outcome
 * (ctx.txHash), which the advice service reads.
 */
export class SettledAdviceWithPayment implements AnswerWithPayment {
  constructor(private readonly ctx: AuthorizationContext) {}

  row(): { readonly id: string } {
    return answeredRow(this.ctx, { status: 'ADVICE_SETTLED', responseCode: '00', responseFields: {} });
  }

  done(): void {
    // Nothing to keep: a payment made is a row written (above).
  }
}
