/** Why an authorization was not approved: a value, never an exception (mapped to DE39 once, in de39-table.ts). */
export type DeclineReason =
  | 'UNKNOWN_CARD'
  | 'INVALID_PAN'
  | 'CARD_EXPIRED'
  | 'INSUFFICIENT_FUNDS'
  | 'INVALID_AMOUNT'
  | 'UNSUPPORTED_TRANSACTION'
  | 'FORMAT_ERROR'
  | 'NOT_PERMITTED'
  | 'ISSUER_UNAVAILABLE'
  | 'DUPLICATE_MISMATCH'
  | 'ORIGINAL_NOT_FOUND'
  | 'SYSTEM_ERROR';

export type Outcome = { approved: true } | { approved: false; reason: DeclineReason };
