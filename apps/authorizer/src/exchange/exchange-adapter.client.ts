import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import {
  EXCHANGE_EVENTS,
  EXCHANGE_PATTERNS,
  type CreditStatusReply,
  type CreditStatusRequest,
  type PaymentEventMessage,
  type PaymentInstructionsBatchReply,
  type PaymentInstructionsReply,
  type PaymentInstructionsRequest,
} from '@bridge/contracts';
import { Coalescer, TurnBatch } from '@bridge/runtime';
import { ExchangeUnavailableError } from './exchange-unavailable.error';

export const EXCHANGE_CLIENT = Symbol('EXCHANGE_CLIENT');

/**
 * Payment events (broadcast, confirmed) wait this long for company. They only feed the merchants'
 * notifications, which wait for the chain anyway, while every message wakes the adapter: at 200
 * authorizations/s one event per message cost the adapter about as much CPU as the instructions did
 * (docs/performance.md, session 10).
 */
const EVENT_WINDOW_MS = 50;

/**
 * Request/response to the exchange adapter with a hard per-call timeout. The instructions requests of
 * one event-loop turn travel as one message (TurnBatch), the payment events of EVENT_WINDOW_MS as one
 * (Coalescer): each message costs both processes a frame, a route lookup and a reply.
 */
@Injectable()
export class ExchangeAdapterClient implements OnModuleDestroy {
  private readonly logger = new Logger(ExchangeAdapterClient.name);
  private readonly instructions = new TurnBatch<PaymentInstructionsRequest, PaymentInstructionsReply>(
    async (requests, timeoutMs) =>
      (await this.call<PaymentInstructionsBatchReply>(EXCHANGE_PATTERNS.paymentInstructionsBatch, { requests }, timeoutMs))?.replies ?? [],
    (detail) => new ExchangeUnavailableError(`exchange adapter ${EXCHANGE_PATTERNS.paymentInstructionsBatch}: ${detail}`),
  );
  /** Event batches on their way: a stop waits for them before it closes the connection. */
  private readonly sending = new Set<Promise<void>>();
  private readonly events = new Coalescer<PaymentEventMessage, void>(
    async (events) => {
      const sent = lastValueFrom(this.client.emit(EXCHANGE_EVENTS.paymentBatch, { events }), { defaultValue: undefined }).catch((e: Error) =>
        this.logger.warn(`${events.length} payment events not delivered to the adapter: ${e.message}`),
      );
      this.sending.add(sent);
      await sent.finally(() => this.sending.delete(sent));
      return events.map(() => undefined);
    },
    { windowMs: EVENT_WINDOW_MS },
  );

  constructor(@Inject(EXCHANGE_CLIENT) private readonly client: ClientProxy) {}

  async paymentInstructions(request: PaymentInstructionsRequest, timeoutMs: number): Promise<PaymentInstructionsReply> {
    if (timeoutMs <= 0) throw new ExchangeUnavailableError('no time left for the exchange call');
    return this.instructions.add(request, timeoutMs);
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
    this.events.add(message).catch((e: Error) => this.logger.warn(`payment event not delivered to the adapter: ${e.message}`));
  }

  /** Opens the connection now rather than on the first authorization. */
  async connect(): Promise<void> {
    await this.client.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.events.flush();
    await Promise.all(this.sending);
    await this.client.close();
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
