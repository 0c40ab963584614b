/** The exchange adapter did not answer in time or could not be reached (DE39 91). */
export class ExchangeUnavailableError extends Error {
  override readonly name = 'ExchangeUnavailableError';
}
