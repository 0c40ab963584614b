/** The exchange could not answer in time (timeouts, 5xx after retries, breaker open): DE39 91 upstream. */
export class ExchangeUnavailableError extends Error {
  override readonly name: string = 'ExchangeUnavailableError';
}

/** The exchange answered, and said no (4xx): not retried. */
export class ExchangeRejectedError extends Error {
  override readonly name = 'ExchangeRejectedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
