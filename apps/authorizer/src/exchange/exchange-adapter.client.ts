import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  EXCHANGE_EVENTS,
  EXCHANGE_PATTERNS,
  type CreditStatusReply,
  type CreditStatusRequest,
  type PaymentEventMessage,
  type PaymentInstructionsReply,
  type PaymentInstructionsRequest,
} from '@bridge/contracts';
import { ExchangeUnavailableError } from './exchange-unavailable.error';

export const EXCHANGE_CLIENT = Symbol('EXCHANGE_CLIENT');

/** Request/response to the exchange adapter with a hard per-call timeout. */
@Injectable()
export class ExchangeAdapterClient implements OnModuleDestroy {
  private readonly logger = new Logger(ExchangeAdapterClient.name);

  constructor(@Inject(EXCHANGE_CLIENT) private readonly client: ClientProxy) {}

  async paymentInstructions(request: PaymentInstructionsRequest, timeoutMs: number): Promise<PaymentInstructionsReply> {
    return this.call<PaymentInstructionsReply>(EXCHANGE_PATTERNS.paymentInstructions, request, timeoutMs);
  }

  /** For reconciliation: the adapter's webhook deliveries and the exchange's credits per authorization. */
  async creditStatus(request: CreditStatusRequest, timeoutMs: number): Promise<CreditStatusReply> {
    return this.call<CreditStatusReply>(EXCHANGE_PATTERNS.creditStatus, request, timeoutMs);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    return (await this.call<string>(EXCHANGE_PATTERNS.ping, {}, timeoutMs)) === 'pong';
  }

  /** Fire-and-forget: the adapter records it and notifies the merchant's exchange (with retries). */
  emitPaymentEvent(message: PaymentEventMessage): void {
    this.client
      .emit(EXCHANGE_EVENTS.payment, message)
      .subscribe({ error: (e: Error) => this.logger.warn(`payment event not delivered to the adapter: ${e.message}`) });
  }

  /** Opens the connection now rather than on the first authorization. */
  async connect(): Promise<void> {
    await this.client.connect();
  }

  onModuleDestroy(): Promise<void> {
    return this.client.close() as Promise<void>;
  }

  private async call<T>(pattern: string, payload: unknown, timeoutMs: number): Promise<T> {
    if (timeoutMs <= 0) throw new ExchangeUnavailableError('no time left for the exchange call');
    try {
      return await firstValueFrom(this.client.send<T>(pattern, payload).pipe(timeout(timeoutMs)));
    } catch (e) {
      throw new ExchangeUnavailableError(`exchange adapter ${pattern}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
  }
}
