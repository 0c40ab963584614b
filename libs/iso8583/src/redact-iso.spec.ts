import { DIALECT_1987_ASCII } from './dialect-1987-ascii';
import { fromNamedFields } from './named-fields';
import { redactIso } from './redact-iso';

describe('redactIso', () => {
  it('truncates DE2 and masks DE14/35/36/45/52/55, leaving other fields readable', () => {
    const message = fromNamedFields(
      '0100',
      {
        pan: '4761739001010119',
        expiry: '3012',
        track2: '4761739001010119D30121010000000000',
        track3: '0123',
        track1: 'B4761739001010119^TEST/CARD^3012101',
        pinBlock: Buffer.alloc(8, 1),
        iccData: Buffer.from('9f2608aa', 'hex'),
        stan: '000001',
      },
      DIALECT_1987_ASCII,
    );
    const text = JSON.stringify(redactIso(message, DIALECT_1987_ASCII));
    expect(text).not.toContain('4761739001010119');
    expect(text).not.toContain('3012');
    expect(text).not.toContain('9f2608aa');
    expect(text).toContain('476173******0119');
    expect(text).toContain('000001');
  });
});
