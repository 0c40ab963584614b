/** The result of trying to pay: paid (signed and persisted; broadcast, or queued for re-broadcast) or why not. */
export type SettlementOutcome =
  | { readonly kind: 'PAID'; readonly txHash: string; readonly broadcast: boolean }
  | { readonly kind: 'INSUFFICIENT_FUNDS' }
  | { readonly kind: 'DEADLINE_PASSED' }
  | { readonly kind: 'NOT_PAYABLE'; readonly detail: string };

/** What the batch writer decides for one order, before broadcast. */
export type BatchDecision =
  { readonly kind: 'SIGNED'; readonly rawTx: string; readonly hash: string } | { readonly kind: 'INSUFFICIENT_FUNDS' } | { readonly kind: 'DEADLINE_PASSED' };
