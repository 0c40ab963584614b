import { ExchangeUnavailableError } from './exchange-unavailable.error';

/**
 * The breaker refused the call: nothing went to the exchange. Background workers reschedule for
 * `retryAt` instead of counting it as a failed delivery (no backoff step is burnt on a call never made).
 */
export class CircuitOpenError extends ExchangeUnavailableError {
  override readonly name = 'CircuitOpenError';
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}
