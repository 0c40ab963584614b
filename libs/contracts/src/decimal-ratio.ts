/** An exact non-negative rational (num/den), used for FX rates: never a float. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/** Parses a plain decimal string such as "1.0825" into an exact ratio. */
export function parseDecimal(text: string): Ratio {
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a non-negative decimal: ${JSON.stringify(text)}`);
  const fraction = match[2] ?? '';
  return { num: BigInt(match[1] + fraction), den: 10n ** BigInt(fraction.length) };
}

/** Renders a ratio as a decimal string with `places` digits, rounded half-up (display only). */
export function formatRatio(ratio: Ratio, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = (ratio.num * scale * 2n + ratio.den) / (ratio.den * 2n);
  const text = scaled.toString().padStart(places + 1, '0');
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
}
