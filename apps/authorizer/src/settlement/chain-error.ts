/** Infrastructure failures talking to the chain node: typed, never an ethers error escaping. */
export type ChainErrorCode = 'UNAVAILABLE' | 'REJECTED' | 'TIMEOUT' | 'UNSUPPORTED';

export class ChainError extends Error {
  override readonly name = 'ChainError';
  constructor(
    readonly code: ChainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
