import { Inject, Injectable, Logger } from '@nestjs/common';
import { signExchangeRequest } from '@bridge/contracts';
import { ADAPTER_CONFIG, type AdapterConfig } from '../config/adapter-config';
import { CircuitBreaker } from './circuit-breaker';
import { CircuitOpenError } from './circuit-open.error';
import { ExchangeRejectedError, ExchangeUnavailableError } from './exchange-unavailable.error';

const BACKOFF_BASE_MS = 25;

/**
 * Calls the card network waits on (quotes, deposit addresses) and calls retried later in the background
 * (webhooks, refunds, credit checks) trip separate breakers: a slow webhook endpoint must not turn
 * authorizations into fast 91s, and a failing quote endpoint must not hold back refunds.
 */
export type ExchangeLane = 'authorization' | 'background';

/**
 * The generic REST exchange client: HMAC-signed requests, a timeout per attempt, bounded retries with
 * exponential backoff (never past the caller's deadline), and one circuit breaker per lane.
 * Every call carries an idempotency key, so a retry cannot act twice at the exchange.
 */
@Injectable()
export class HttpExchangeClient {
  private readonly logger = new Logger(HttpExchangeClient.name);
  readonly breakers: Record<ExchangeLane, CircuitBreaker>;

  constructor(@Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig) {
    const breaker = () => new CircuitBreaker(config.exchangeBreakerThreshold, config.exchangeBreakerCooldownMs);
    this.breakers = { authorization: breaker(), background: breaker() };
  }

  get configured(): boolean {
    return Boolean(this.config.exchangeHttpUrl && this.config.exchangeHmacSecret);
  }

  async post<T>(path: string, body: object, idempotencyKey: string, lane: ExchangeLane, deadlineAt = Date.now() + 10_000): Promise<T> {
    if (!this.configured) throw new ExchangeUnavailableError('no http exchange configured (EXCHANGE_HTTP_URL)');
    const breaker = this.breakers[lane];
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.config.exchangeRetries; attempt++) {
      if (!breaker.allow()) {
        if (attempt === 0) throw new CircuitOpenError(`exchange circuit open: failing fast (${path})`, breaker.retryAt);
        break; // our own failures opened it: this call did go out, and failed
      }
      const timeoutMs = Math.min(this.config.exchangeTimeoutMs, deadlineAt - Date.now());
      if (timeoutMs <= 0) break;
      try {
        const result = await this.once<T>(path, body, idempotencyKey, timeoutMs);
        breaker.success();
        return result;
      } catch (e) {
        if (e instanceof ExchangeRejectedError) {
          breaker.success(); // it answered: the exchange is up
          throw e;
        }
        breaker.failure();
        lastError = e;
        const backoff = BACKOFF_BASE_MS * 2 ** attempt;
        if (Date.now() + backoff >= deadlineAt) break;
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
    this.logger.warn(`exchange ${path} unavailable: ${(lastError as Error)?.message ?? 'no time left'}`);
    throw new ExchangeUnavailableError(`exchange ${path}: ${(lastError as Error)?.message ?? 'no time left'}`, { cause: lastError });
  }

  private async once<T>(path: string, body: object, idempotencyKey: string, timeoutMs: number): Promise<T> {
    const text = JSON.stringify(body);
    const timestamp = String(Date.now());
    const res = await fetch(`${this.config.exchangeHttpUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
        'x-exchange-timestamp': timestamp,
        'x-exchange-signature': signExchangeRequest(this.config.exchangeHmacSecret!, timestamp, text),
      },
      body: text,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const payload = await res.text();
    if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
    if (res.status >= 400) throw new ExchangeRejectedError(res.status, `HTTP ${res.status}: ${payload.slice(0, 200)}`);
    return JSON.parse(payload) as T;
  }
}
