import type { DeclineReason } from './decline-reason';
import { DE39_BY_DECLINE, de39For, de39Meaning } from './de39-table';
import { currencyByCode, currencyByNumeric } from './iso4217';
import { isLuhnValid, luhnCheckDigit } from './luhn';

describe('DE39 table', () => {
  it.each<[DeclineReason, string]>([
    ['UNKNOWN_CARD', '14'],
    ['INVALID_PAN', '14'],
    ['CARD_EXPIRED', '54'],
    ['INSUFFICIENT_FUNDS', '51'],
    ['INVALID_AMOUNT', '13'],
    ['UNSUPPORTED_TRANSACTION', '12'],
    ['FORMAT_ERROR', '30'],
    ['NOT_PERMITTED', '57'],
    ['ISSUER_UNAVAILABLE', '91'],
    ['DUPLICATE_MISMATCH', '94'],
    ['ORIGINAL_NOT_FOUND', '25'],
    ['SYSTEM_ERROR', '96'],
  ])('%s → %s', (reason, code) => expect(de39For(reason)).toBe(code));

  it('never maps a decline to an approval code', () => {
    expect(Object.values(DE39_BY_DECLINE)).not.toContain('00');
  });

  it('says every code a decline maps to in words, and nothing for a code it never sends', () => {
    for (const code of Object.values(DE39_BY_DECLINE)) expect(de39Meaning(code)).toMatch(/\w/);
    expect([de39Meaning('00'), de39Meaning('51'), de39Meaning('91')]).toEqual(['Approved', 'Not sufficient funds', 'Issuer or switch inoperative']);
    expect([de39Meaning('99'), de39Meaning('toString')]).toEqual([undefined, undefined]);
  });
});

describe('ISO 4217 and Luhn', () => {
  it('knows the exponents of USD, EUR, GBP and JPY by DE49 numeric code', () => {
    expect(['840', '978', '826', '392'].map((n) => currencyByNumeric(n)?.exponent)).toEqual([2, 2, 2, 0]);
    expect(currencyByCode('usd')?.numeric).toBe('840');
  });

  it('checks the PAN check digit', () => {
    expect(isLuhnValid('4761739001010119')).toBe(true);
    expect(isLuhnValid('4761739001010118')).toBe(false);
    expect(isLuhnValid('47617390')).toBe(false);
    expect(luhnCheckDigit('476173900101011')).toBe('9');
    expect(isLuhnValid(`476173900200007${luhnCheckDigit('476173900200007')}`)).toBe(true);
  });
});
