/** ISO 4217 currencies we accept in DE49, keyed by numeric code, with their minor-unit exponent. */
export interface Currency {
  readonly numeric: string;
  readonly alpha: string;
  readonly exponent: number;
}

const CURRENCIES: readonly Currency[] = [
  { numeric: '036', alpha: 'AUD', exponent: 2 },
  { numeric: '124', alpha: 'CAD', exponent: 2 },
  { numeric: '392', alpha: 'JPY', exponent: 0 },
  { numeric: '410', alpha: 'KRW', exponent: 0 },
  { numeric: '756', alpha: 'CHF', exponent: 2 },
  { numeric: '826', alpha: 'GBP', exponent: 2 },
  { numeric: '840', alpha: 'USD', exponent: 2 },
  { numeric: '978', alpha: 'EUR', exponent: 2 },
  { numeric: '048', alpha: 'BHD', exponent: 3 },
];

const BY_NUMERIC = new Map(CURRENCIES.map((c) => [c.numeric, c]));
const BY_ALPHA = new Map(CURRENCIES.map((c) => [c.alpha, c]));

export function currencyByNumeric(numeric: string): Currency | undefined {
  return BY_NUMERIC.get(numeric);
}

export function currencyByCode(code: string): Currency | undefined {
  return BY_NUMERIC.get(code) ?? BY_ALPHA.get(code.toUpperCase());
}
