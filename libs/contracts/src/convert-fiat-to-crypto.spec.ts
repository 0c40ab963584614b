import { applySpread, convertFiatToCrypto } from './convert-fiat-to-crypto';
import { formatRatio, parseDecimal } from './decimal-ratio';

const at = (rate: string, spreadBps = 0) => applySpread(parseDecimal(rate), spreadBps);

describe('convertFiatToCrypto', () => {
  it('USD 12.34 at par into a 6-decimal token is exact', () => {
    expect(convertFiatToCrypto({ amountMinor: 1234n, fiatExponent: 2, rate: at('1'), tokenDecimals: 6, rounding: 'UP' })).toBe(12_340_000n);
  });

  it('rounds up in the merchant’s favour, down only when asked', () => {
    // 1 cent at 1/3 token per dollar = 0.003333… tokens
    const rate = { num: 1n, den: 3n };
    expect(convertFiatToCrypto({ amountMinor: 1n, fiatExponent: 2, rate, tokenDecimals: 6, rounding: 'UP' })).toBe(3334n);
    expect(convertFiatToCrypto({ amountMinor: 1n, fiatExponent: 2, rate, tokenDecimals: 6, rounding: 'DOWN' })).toBe(3333n);
  });

  it('JPY (exponent 0) into an 18-decimal token', () => {
    // ¥1,500 at 0.0067 ETH-units per yen = 10.05 tokens exactly
    expect(convertFiatToCrypto({ amountMinor: 1500n, fiatExponent: 0, rate: at('0.0067'), tokenDecimals: 18, rounding: 'UP' })).toBe(
      10_050_000_000_000_000_000n,
    );
  });

  it('applies the spread in basis points exactly', () => {
    // EUR 100.00 at 1.08 + 50 bps = 108.54 tokens
    expect(convertFiatToCrypto({ amountMinor: 10_000n, fiatExponent: 2, rate: at('1.08', 50), tokenDecimals: 6, rounding: 'UP' })).toBe(108_540_000n);
    expect(formatRatio(at('1.08', 50), 6)).toBe('1.085400');
  });

  it('keeps full precision on the largest DE4 amount (12 digits)', () => {
    expect(convertFiatToCrypto({ amountMinor: 999_999_999_999n, fiatExponent: 2, rate: at('1'), tokenDecimals: 18, rounding: 'UP' })).toBe(
      9_999_999_999_990_000_000_000_000_000n,
    );
  });

  it('refuses negative amounts and zero-denominator rates', () => {
    expect(() => convertFiatToCrypto({ amountMinor: -1n, fiatExponent: 2, rate: at('1'), tokenDecimals: 6, rounding: 'UP' })).toThrow(RangeError);
    expect(() => convertFiatToCrypto({ amountMinor: 1n, fiatExponent: 2, rate: { num: 1n, den: 0n }, tokenDecimals: 6, rounding: 'UP' })).toThrow(RangeError);
  });

  it('parses decimals exactly and rejects floats in other notations', () => {
    expect(parseDecimal('0.1')).toEqual({ num: 1n, den: 10n });
    expect(() => parseDecimal('1e-7')).toThrow(RangeError);
    expect(() => parseDecimal('-1')).toThrow(RangeError);
  });
});
