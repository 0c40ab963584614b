import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  EXCHANGE_EVENTS,
  type CreditStatusReply,
  type CreditStatusRequest,
  EXCHANGE_PATTERNS,
  type PaymentEventBatch,
  type PaymentEventMessage,
  type PaymentInstructionsBatchReply,
  type PaymentInstructionsBatchRequest,
  type PaymentInstructionsReply,
  type PaymentInstructionsRequest,
} from '@bridge/contracts';
import { CreditStatusService } from '../credits/credit-status.service';
import { NotificationWorker } from '../notifications/notification-worker';
import { PaymentInstructionsService } from '../merchants/payment-instructions.service';

/** Message handlers of the adapter: thin, one line each. */
@Controller()
export class InstructionsController {
  constructor(
    private readonly instructions: PaymentInstructionsService,
    private readonly notifications: NotificationWorker,
    private readonly credits: CreditStatusService,
  ) {}

  @MessagePattern(EXCHANGE_PATTERNS.paymentInstructions)
  paymentInstructions(@Payload() request: PaymentInstructionsRequest): Promise<PaymentInstructionsReply> {
    return this.instructions.forPayment(request);
  }

  @MessagePattern(EXCHANGE_PATTERNS.paymentInstructionsBatch)
  async paymentInstructionsBatch(@Payload() batch: PaymentInstructionsBatchRequest): Promise<PaymentInstructionsBatchReply> {
    return { replies: await Promise.all(listOf(batch?.requests).map((r) => this.instructions.forPayment(r))) };
  }

  @EventPattern(EXCHANGE_EVENTS.payment)
  paymentEvent(@Payload() message: PaymentEventMessage): Promise<void> {
    return this.notifications.record(message);
  }

  @EventPattern(EXCHANGE_EVENTS.paymentBatch)
  async paymentEvents(@Payload() batch: PaymentEventBatch): Promise<void> {
    await this.notifications.recordAll(listOf(batch?.events));
  }

  @MessagePattern(EXCHANGE_PATTERNS.creditStatus)
  creditStatus(@Payload() request: CreditStatusRequest): Promise<CreditStatusReply> {
    return this.credits.statusOf(request);
  }

  @MessagePattern(EXCHANGE_PATTERNS.ping)
  ping(): string {
    return 'pong';
  }
}

/** A batch's list, or none when the message is malformed (each item is validated by its handler). */
const listOf = <T>(items: readonly T[] | undefined): readonly T[] => (Array.isArray(items) ? items : []);
