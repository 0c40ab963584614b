import type { FeeQuote } from './chain-gateway';

/**
 * Fees for a same-nonce replacement: both fields at least +20 % over the stuck transaction (geth
 * requires +10 % on each, anvil +1 %), and never below the current market.
 */
export function bumpFees(stuck: FeeQuote, market: FeeQuote): FeeQuote {
  const bump = (v: bigint) => (v * 120n + 99n) / 100n;
  const priority = max(bump(stuck.maxPriorityFeePerGas), market.maxPriorityFeePerGas);
  const fee = max(bump(stuck.maxFeePerGas), market.maxFeePerGas, priority);
  return { maxFeePerGas: fee, maxPriorityFeePerGas: priority };
}

function max(...values: bigint[]): bigint {
  return values.reduce((a, b) => (a > b ? a : b));
}
