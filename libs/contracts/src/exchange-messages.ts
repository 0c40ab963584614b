/**
 * Contract between the authorizer and the exchange adapter (@nestjs/microservices).
 * Amounts travel as decimal strings of bigint base/minor units: JSON has no bigint.
 */
export const EXCHANGE_PATTERNS = {
  /** The patent's address request: merchant destination + FX quote in one round trip. */
  paymentInstructions: 'exchange.payment-instructions',
  /**
   * The same for every authorization that reached the step in one turn of the authorizer's event loop:
   * one message and one reply for all of them (each message costs a frame, a route lookup and a reply
   * in both processes; under load many authorizations share a turn).
   */
  paymentInstructionsBatch: 'exchange.payment-instructions-batch',
  ping: 'exchange.ping',
  /** Per authorization: the adapter's notification deliveries and the merchant's exchange's credit. */
  creditStatus: 'exchange.credit-status',
} as const;

export interface PaymentInstructionsRequest {
  readonly acquirerId: string;
  readonly merchantId: string;
  readonly currencyNumeric: string;
  readonly amountMinor: string;
  /** Authorization id, so the adapter can correlate later notifications. */
  readonly authorizationId: string;
  /** Epoch ms after which the answer is useless: the adapter bounds its own retries by it. */
  readonly deadlineAt?: number;
}

export type PaymentInstructionsReply =
  { readonly ok: true; readonly instructions: PaymentInstructions } | { readonly ok: false; readonly error: ExchangeRefusal; readonly detail: string };

export interface PaymentInstructionsBatchRequest {
  readonly requests: readonly PaymentInstructionsRequest[];
}

/** One reply per request, in the requests' order. */
export interface PaymentInstructionsBatchReply {
  readonly replies: readonly PaymentInstructionsReply[];
}

/** Why the adapter refuses to give instructions (each maps to a decline in the authorizer). */
export type ExchangeRefusal = 'UNKNOWN_MERCHANT' | 'UNSUPPORTED_CURRENCY' | 'NO_RATE' | 'DENIED_DESTINATION' | 'UNAVAILABLE';

export interface PaymentInstructions {
  /** CAIP-2 chain id, e.g. eip155:31337. */
  readonly chain: string;
  readonly destination: string;
  readonly assetSymbol: string;
  readonly quoteId: string;
  /** Token units per major fiat unit, spread included, as an exact decimal string. */
  readonly rate: string;
  readonly spreadBps: number;
  readonly cryptoAmount: string;
  readonly expiresAt: string;
}

/** Fire-and-forget events from the authorizer: the adapter notifies the merchant's exchange. */
export const EXCHANGE_EVENTS = {
  payment: 'exchange.payment-event',
  /** The events of one turn of the authorizer's event loop in one message (PaymentEventBatch). */
  paymentBatch: 'exchange.payment-events',
} as const;

export interface PaymentEventBatch {
  readonly events: readonly PaymentEventMessage[];
}

export interface PaymentEventMessage {
  readonly event: 'PAYMENT_BROADCAST' | 'PAYMENT_CONFIRMED';
  readonly authorizationId: string;
  readonly acquirerId: string;
  readonly merchantId: string;
  readonly chain: string;
  readonly assetSymbol: string;
  readonly amount: string;
  readonly destination: string;
  readonly txHash: string;
}

export interface CreditStatusRequest {
  readonly authorizations: readonly { readonly authorizationId: string; readonly acquirerId: string; readonly merchantId: string }[];
}

export type CreditStatusReply = { readonly ok: true; readonly statuses: ExchangeCreditStatus[] } | { readonly ok: false; readonly detail: string };

/**
 * NOT_APPLICABLE: no exchange behind the merchant (static integration, paid at its own address).
 * NONE: the exchange has no record of the payment. UNKNOWN_MERCHANT: the adapter does not know it.
 */
export type CreditState = 'NOT_APPLICABLE' | 'UNKNOWN_MERCHANT' | 'NONE' | 'PENDING' | 'CREDITED' | 'REJECTED';

export interface ExchangeCreditStatus {
  readonly authorizationId: string;
  /** The adapter's webhook deliveries for the payment (NONE: nothing recorded). */
  readonly notification: 'NONE' | 'PENDING' | 'DELIVERED' | 'SKIPPED';
  readonly notificationAttempts: number;
  readonly notificationError: string | null;
  readonly credit: CreditState;
  readonly creditedAmount: string | null;
  readonly creditedTxHash: string | null;
}
