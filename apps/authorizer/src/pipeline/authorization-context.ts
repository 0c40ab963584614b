import type { PaymentInstructions, PaymentInstructionsReply } from '@bridge/contracts';
import type { IsoMessage } from '@bridge/iso8583';
import type { AssetEntity } from '@bridge/persistence';
import type { AnswerWithPayment } from '../settlement/payment-order';
import { uuidV7 } from '@bridge/runtime';
import type { CardAccount } from './card-account';
import type { AuthorizationRequest } from '../mapping/authorization-request';

/** What the exchange call came back with: its reply, or what it threw (kept, not thrown, until used). */
export type InstructionsCallResult = { readonly reply: PaymentInstructionsReply } | { readonly error: unknown };

/** Everything the steps learn about one authorization, in order. */
export class AuthorizationContext {
  readonly receivedAt = new Date();
  /** Time-ordered (UUIDv7, its time = received_at): new rows go in at the right edge of the indexes. */
  readonly authorizationId = uuidV7(this.receivedAt.getTime());
  /** HMAC token of DE2, computed once: the warm-card check and the RECEIVED row both need it. */
  panToken?: string;
  /** The exchange call started alongside the RECEIVED insert (FetchInstructionsStep.prefetch), settled either way. */
  instructionsCall?: Promise<InstructionsCallResult>;
  /** The card as read with the RECEIVED insert (one round trip for both); null: no such card. */
  cardLookup?: CardAccount | null;
  account?: CardAccount;
  instructions?: PaymentInstructions;
  asset?: AssetEntity;
  cryptoAmount?: bigint;
  txHash?: string;
  /** Set when the deadline answer (91) has gone out: no step may commit money after this. */
  answeredLate = false;
  /**
   * Set when the final answer's row starts being written: from then on that answer is the one sent,
   * even past the deadline. A 91 sent meanwhile would contradict a recorded approval whose payment
   * moves: the network reverses nothing it declined, and an APPROVED row is never refunded.
   */
  recordingAnswer = false;
  /** Handed to the payment so that the decision's row commits with it (ApprovalWithPayment, SettledAdviceWithPayment). */
  answerWithPayment?: AnswerWithPayment;
  /** The approval committed with the payment: the answer sent, whatever follows. */
  recordedAnswer?: IsoMessage;

  constructor(
    readonly request: AuthorizationRequest,
    readonly deadlineAt: number,
  ) {}

  remainingMs(now = Date.now()): number {
    return this.deadlineAt - now;
  }

  stillInTime(): boolean {
    return !this.answeredLate && Date.now() < this.deadlineAt;
  }
}
