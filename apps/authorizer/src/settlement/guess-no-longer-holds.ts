/** Which check of a one-trip batch failed: another process moved a signer's nonce, or funds may not fit. */
export type GuessCheck = 'nonces' | 'funds';

/**
 * A batch sent in one trip was decided on a guess PostgreSQL found wrong under the lock
 * (GUESS_NO_LONGER_HOLDS): nothing of it was written; it goes again in two trips.
 */
export class GuessNoLongerHolds extends Error {
  override readonly name = 'GuessNoLongerHolds';

  constructor(
    readonly check: GuessCheck,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
