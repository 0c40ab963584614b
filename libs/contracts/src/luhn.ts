/** ISO/IEC 7812-1 Annex B check digit. */
export function isLuhnValid(pan: string): boolean {
  if (!/^[0-9]{12,19}$/.test(pan)) return false;
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let digit = pan.charCodeAt(pan.length - 1 - i) - 48;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `body` + digit Luhn-valid (test PANs for load cards). */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (isLuhnValid(body + d)) return String(d);
  throw new RangeError(`not a PAN body: ${body}`);
}
