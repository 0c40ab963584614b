import type { IsoMessage } from '@bridge/iso8583';
import type { AnswerWithPayment } from '../settlement/payment-order';
import { answeredRow, type Completion } from './authorization-recorder';
import type { AuthorizationContext } from './authorization-context';

/**
 * An approval that commits with its payment (AnswerWithPayment): one synchronous commit per approval
 * instead of two. Its row is built in the turn the payment is found in time and signed — from then on
 * the deadline no longer answers (ctx.recordingAnswer) — and once committed its answer is the one the
 * network gets, whatever follows: a slow or failed broadcast leaves a persisted transaction that the
 * tracker sends, so the money moves as recorded. A crash after the commit leaves an APPROVED row the
 * network may have had no answer for, as any issuer's log can: the network reverses it (0400, refunded)
 * or repeats it (0101, the 00 replayed).
 */
export class ApprovalWithPayment implements AnswerWithPayment {
  private answer?: IsoMessage;
  private settle!: (answer: IsoMessage | undefined) => void;
  /** Its answer once committed; undefined when its row was closed by the sweeper or reversed meanwhile (nothing paid). Never settles if the commit failed. */
  readonly recorded = new Promise<IsoMessage | undefined>((resolve) => (this.settle = resolve));

  constructor(
    private readonly ctx: AuthorizationContext,
    private readonly approve: (ctx: AuthorizationContext, txHash: string) => { answer: IsoMessage; completion: Completion },
  ) {}

  row(txHash: string): { readonly id: string } {
    this.ctx.recordingAnswer = true;
    // Not ctx.txHash: that says the payment committed (the settle step sets it), which is not known yet.
    const { answer, completion } = this.approve(this.ctx, txHash);
    this.answer = answer;
    return answeredRow(this.ctx, completion);
  }

  done(written: boolean): void {
    if (written) this.ctx.recordedAnswer = this.answer;
    this.settle(written ? this.answer : undefined);
  }
}
