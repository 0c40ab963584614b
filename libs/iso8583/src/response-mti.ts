/** The response MTI of a request or advice: third digit + 1 (0100 → 0110, 0401 → 0410). Repeats answer as originals. */
export function responseMti(mti: string): string {
  const fn = Number(mti[2]);
  return `${mti.slice(0, 2)}${fn + 1}0`;
}
