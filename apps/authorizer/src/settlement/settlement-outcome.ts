/** The result of trying to pay: paid (signed and persisted; broadcast, or queued for re-broadcast) or why not. */
export type SettlementOutcome =
  | { readonly kind: 'PAID'; readonly txHash: string; readonly broadcast: boolean }
  | { readonly kind: 'INSUFFICIENT_FUNDS' }
  | { readonly kind: 'DEADLINE_PASSED' }
  | { readonly kind: 'AUTHORIZATION_CLOSED' }
  | { readonly kind: 'NOT_PAYABLE'; readonly detail: string };

/**
 * What the batch writer decides for one order, before broadcast. AUTHORIZATION_CLOSED: its row was
 * closed by the stale sweeper or reversed by the network while the batch was written — nothing paid.
 */
export type BatchDecision =
  | { readonly kind: 'SIGNED'; readonly rawTx: string; readonly hash: string }
  | { readonly kind: 'INSUFFICIENT_FUNDS' }
  | { readonly kind: 'DEADLINE_PASSED' }
  | { readonly kind: 'AUTHORIZATION_CLOSED' };
