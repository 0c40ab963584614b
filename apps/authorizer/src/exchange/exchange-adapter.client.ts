import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { EXCHANGE_PATTERNS, PaymentInstructionsReply, PaymentInstructionsRequest } from '@bridge/contracts';
import { ExchangeUnavailableError } from './exchange-unavailable.error';

export const EXCHANGE_CLIENT = Symbol('EXCHANGE_CLIENT');

/** Request/response to the exchange adapter with a hard per-call timeout. */
@Injectable()
export class ExchangeAdapterClient implements OnModuleDestroy {
  constructor(@Inject(EXCHANGE_CLIENT) private readonly client: ClientProxy) {}

  async paymentInstructions(request: PaymentInstructionsRequest, timeoutMs: number): Promise<PaymentInstructionsReply> {
    return this.call<PaymentInstructionsReply>(EXCHANGE_PATTERNS.paymentInstructions, request, timeoutMs);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    return (await this.call<string>(EXCHANGE_PATTERNS.ping, {}, timeoutMs)) === 'pong';
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
