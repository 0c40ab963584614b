/** DE48 subelement tags we send (docs/wire-format.md#de48): 2-digit tag, 2-digit length, value. */
export const DE48_TAGS = {
  clearingIndicator: '01',
  chain: '02',
  txHash: '03',
  cryptoAmount: '04',
  assetSymbol: '05',
} as const;

/** What each tag carries (docs/wire-format.md#de48), for people reading an answer. */
export const DE48_LABELS: Readonly<Record<string, string>> = {
  [DE48_TAGS.clearingIndicator]: 'clearing and settlement (N: not required, settled on-chain)',
  [DE48_TAGS.chain]: 'chain (CAIP-2)',
  [DE48_TAGS.txHash]: 'transaction hash',
  [DE48_TAGS.cryptoAmount]: 'crypto amount (token base units)',
  [DE48_TAGS.assetSymbol]: 'asset',
};

export type De48Values = Partial<Record<keyof typeof DE48_TAGS, string>>;

export function encodeDe48(values: De48Values): string {
  let out = '';
  for (const [key, tag] of Object.entries(DE48_TAGS)) {
    const value = values[key as keyof typeof DE48_TAGS];
    if (value === undefined) continue;
    if (value.length > 99) throw new RangeError(`DE48 tag ${tag} longer than 99`);
    out += tag + String(value.length).padStart(2, '0') + value;
  }
  return out;
}

/** Parses DE48 subelements (used by the harness and tests). */
export function decodeDe48(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos + 4 <= text.length) {
    const tag = text.slice(pos, pos + 2);
    const length = Number(text.slice(pos + 2, pos + 4));
    out[tag] = text.slice(pos + 4, pos + 4 + length);
    pos += 4 + length;
  }
  return out;
}
