import type { Ratio } from './decimal-ratio';

export type Rounding = 'UP' | 'DOWN';

export interface FiatToCryptoInput {
  /** Fiat amount in minor units (DE4). */
  readonly amountMinor: bigint;
  /** ISO 4217 exponent of the fiat currency (DE49). */
  readonly fiatExponent: number;
  /** Token units per one major fiat unit, spread included. */
  readonly rate: Ratio;
  /** Token decimals (ERC-20 `decimals()`; 18 for the native coin). */
  readonly tokenDecimals: number;
  readonly rounding: Rounding;
}

/**
 * The one fiat → token conversion: base = amountMinor / 10^exp × rate × 10^decimals, exact in
 * bigint, then rounded once. Card payments round UP so the merchant never receives less than
 * the fiat amount is worth.
 */
export function convertFiatToCrypto(input: FiatToCryptoInput): bigint {
  if (input.amountMinor < 0n) throw new RangeError('negative amount');
  if (input.rate.den <= 0n || input.rate.num < 0n) throw new RangeError('invalid rate');
  const num = input.amountMinor * input.rate.num * 10n ** BigInt(input.tokenDecimals);
  const den = input.rate.den * 10n ** BigInt(input.fiatExponent);
  const quotient = num / den;
  return input.rounding === 'UP' && quotient * den !== num ? quotient + 1n : quotient;
}

/** Applies a spread in basis points to a rate: rate × (10000 + bps) / 10000. */
export function applySpread(rate: Ratio, spreadBps: number): Ratio {
  if (!Number.isInteger(spreadBps) || spreadBps < 0) throw new RangeError('spread must be whole non-negative bps');
  return { num: rate.num * BigInt(10_000 + spreadBps), den: rate.den * 10_000n };
}
