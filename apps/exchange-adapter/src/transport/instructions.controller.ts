import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EXCHANGE_PATTERNS, type PaymentInstructionsReply, type PaymentInstructionsRequest } from '@bridge/contracts';
import { PaymentInstructionsService } from '../merchants/payment-instructions.service';

/** Message handlers of the adapter: thin, one line each. */
@Controller()
export class InstructionsController {
  constructor(private readonly instructions: PaymentInstructionsService) {}

  @MessagePattern(EXCHANGE_PATTERNS.paymentInstructions)
  paymentInstructions(@Payload() request: PaymentInstructionsRequest): Promise<PaymentInstructionsReply> {
    return this.instructions.forPayment(request);
  }

  @MessagePattern(EXCHANGE_PATTERNS.ping)
  ping(): string {
    return 'pong';
  }
}
