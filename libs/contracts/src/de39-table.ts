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

/**
 * What each code says, in ISO 8583:1987's words (Annex A), and what it says here where the bridge
 * gives it a meaning of its own (85 and 01: approved, no clearing and settlement; docs/response-codes.md).
 */
export const DE39_MEANING = {
  '00': 'Approved',
  '01': 'Approved, no clearing and settlement (patent variant; ISO: refer to card issuer)',
  '12': 'Invalid transaction',
  '13': 'Invalid amount',
  '14': 'Invalid card number',
  '25': 'Unable to locate record (original not found)',
  '30': 'Format error',
  '51': 'Not sufficient funds',
  '54': 'Expired card',
  '57': 'Transaction not permitted to cardholder',
  '85': 'Approved, no clearing and settlement (ISO: no reason to decline)',
  '91': 'Issuer or switch inoperative',
  '94': 'Duplicate transmission',
  '96': 'System malfunction',
} as const satisfies Record<De39, string>;

/** The meaning of a DE39 value as received (undefined for a code this bridge never sends). */
export function de39Meaning(code: string): string | undefined {
  return Object.hasOwn(DE39_MEANING, code) ? DE39_MEANING[code as De39] : undefined;
}

export function de39For(reason: DeclineReason): De39 {
  return DE39_BY_DECLINE[reason];
}
