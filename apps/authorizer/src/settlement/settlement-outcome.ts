/** The result of trying to pay: paid (signed, persisted, broadcast or queued for re-broadcast) or a decline. */
export type SettlementOutcome =
  | { readonly kind: 'PAID'; readonly txHash: string; readonly broadcast: boolean }
  | { readonly kind: 'INSUFFICIENT_FUNDS' }
  | { readonly kind: 'DEADLINE_PASSED' };
