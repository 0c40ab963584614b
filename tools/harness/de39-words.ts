import { de39Meaning } from '@bridge/contracts';

/** A received DE39 in words (libs/contracts' DE39_MEANING), saying so when the bridge never sends it or none came. */
export function de39Words(code: string): string {
  if (code === '') return 'no DE39 in the answer';
  return de39Meaning(code) ?? 'not a code this bridge sends';
}
