import type { DeclineReason } from './decline-reason';

/** ISO 8583:1987 DE39 response codes we send (docs/response-codes.md). */
export type De39 = '00' | '01' | '12' | '13' | '14' | '25' | '30' | '51' | '54' | '57' | '85' | '91' | '94' | '96';

export const DE39_APPROVED: De39 = '00';

/** The single mapping from decline reasons to the wire. */
export const DE39_BY_DECLINE = {
  UNKNOWN_CARD: '14',
  INVALID_PAN: '14',
  CARD_EXPIRED: '54',
  INSUFFICIENT_FUNDS: '51',
  INVALID_AMOUNT: '13',
  UNSUPPORTED_TRANSACTION: '12',
  FORMAT_ERROR: '30',
  NOT_PERMITTED: '57',
  ISSUER_UNAVAILABLE: '91',
  DUPLICATE_MISMATCH: '94',
  ORIGINAL_NOT_FOUND: '25',
  SYSTEM_ERROR: '96',
} as const satisfies Record<DeclineReason, De39>;

export function de39For(reason: DeclineReason): De39 {
  return DE39_BY_DECLINE[reason];
}
