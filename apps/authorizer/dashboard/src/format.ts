import { currencyByNumeric } from '../../../../libs/contracts/src/iso4217';

/** DE4 minor units → "12.34 USD" with the ISO 4217 exponent of DE49 (string arithmetic: no floats for money). */
export function money(minor: string, currencyNumeric: string): string {
  const c = currencyByNumeric(currencyNumeric);
  return `${decimal(minor, c?.exponent ?? 2)} ${c?.alpha ?? currencyNumeric}`;
}

export function decimal(units: string, exponent: number): string {
  if (exponent === 0) return units;
  const negative = units.startsWith('-');
  const digits = (negative ? units.slice(1) : units).padStart(exponent + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function time(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 19);
}

export function shortHash(hash: string | null): string {
  return hash ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : '–';
}
