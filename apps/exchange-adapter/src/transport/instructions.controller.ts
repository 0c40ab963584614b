import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  EXCHANGE_EVENTS,
  type CreditStatusReply,
  type CreditStatusRequest,
  EXCHANGE_PATTERNS,
  type PaymentEventMessage,
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

  @EventPattern(EXCHANGE_EVENTS.payment)
  paymentEvent(@Payload() message: PaymentEventMessage): Promise<void> {
    return this.notifications.record(message);
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
