import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The REST contract between the exchange adapter's http integration and an exchange (the reference
 * exchange in tools/reference-exchange implements it). Every request is signed:
 *   x-exchange-timestamp: unix ms;  x-exchange-signature: hex HMAC-SHA256(secret, timestamp + "." + body)
 * Amounts are decimal strings of base units (JSON has no bigint).
 */
export const EXCHANGE_HTTP = {
  quotes: '/v1/quotes',
  addresses: '/v1/addresses',
  notifications: '/v1/notifications',
  refunds: '/v1/refunds',
  credits: '/v1/credits',
} as const;

export interface QuoteRequestBody {
  currencyNumeric: string;
  amountMinor: string;
  asset: string;
  decimals: number;
}
export interface QuoteResponseBody {
  quoteId: string;
  rate: string;
  spreadBps: number;
  cryptoAmount: string;
  expiresAt: string;
}
export interface AddressRequestBody {
  acquirerId: string;
  merchantId: string;
  authorizationId: string;
  chain: string;
  asset: string;
}
export interface AddressResponseBody {
  address: string;
}
export interface RefundRequestBody {
  refundId: string;
  chain: string;
  asset: string;
  token: string | null;
  amount: string;
  to: string;
}
/**
 * SENT: on its way (txHash). QUEUED: accepted but held by the exchange (e.g. a withdrawal review);
 * the same refundId is asked again later.
 */
export type RefundResponseBody = { status: 'SENT'; txHash: string } | { status: 'QUEUED'; reason: string };

/** What the exchange credited to the merchant for each payment it heard about (the third reconciliation source). */
export interface CreditsRequestBody {
  authorizationIds: string[];
}
export interface CreditRecord {
  authorizationId: string;
  /** PENDING: notified, not credited yet; CREDITED: what arrived was credited; REJECTED: nothing to credit (e.g. reverted). */
  status: 'PENDING' | 'CREDITED' | 'REJECTED';
  txHash: string | null;
  /** Base units the exchange saw arrive at the deposit address and credited. */
  amount: string | null;
  creditedAt: string | null;
  reason: string | null;
}
/** Authorizations the exchange never heard of are absent. */
export interface CreditsResponseBody {
  credits: CreditRecord[];
}

/** Max clock skew accepted on a signed request (replay window). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export function signExchangeRequest(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function verifyExchangeRequest(secret: string, timestamp: string | undefined, signature: string | undefined, body: string, now = Date.now()): boolean {
  if (!timestamp || !signature || !/^[0-9]{13}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_MS) return false;
  const expected = Buffer.from(signExchangeRequest(secret, timestamp, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
