import { decodeIso } from './decode-iso';
import { encodeIso } from './encode-iso';
import type { Dialect } from './field-spec';
import { IsoCodecError } from './iso-codec-error';
import { fromNamedFields, toNamedFields } from './named-fields';
import { redactIso } from './redact-iso';

/** A second dialect is only a new table: here a test-only one with a hex-ASCII bitmap and LLLVAR PAN. */
const HEX_DIALECT: Dialect = {
  name: 'test-hex-bitmap',
  bitmapEncoding: 'hex',
  fields: {
    2: { name: 'pan', format: 'n', lengthType: 'LLLVAR', maxLength: 19, description: 'PAN', sensitive: 'pan' },
    4: { name: 'amountTransaction', format: 'n', lengthType: 'FIXED', maxLength: 12, description: 'Amount' },
    11: { name: 'stan', format: 'n', lengthType: 'FIXED', maxLength: 6, description: 'STAN' },
    70: { name: 'networkManagementCode', format: 'n', lengthType: 'FIXED', maxLength: 3, description: 'Network management code' },
  },
};

describe('a second dialect (hex-ASCII bitmap)', () => {
  it('encodes with a 16-character hex bitmap and decodes back to the same named fields', () => {
    const message = fromNamedFields('0100', { pan: '4761739001010119', amountTransaction: '000000001234', stan: '000042' }, HEX_DIALECT);
    const bytes = encodeIso(message, HEX_DIALECT);
    expect(bytes.subarray(0, 20).toString('latin1')).toBe('01005020000000000000');
    expect(bytes.subarray(20, 23).toString('latin1')).toBe('016');
    expect(toNamedFields(decodeIso(bytes, HEX_DIALECT), HEX_DIALECT)).toEqual({ pan: '4761739001010119', amountTransaction: '000000001234', stan: '000042' });
  });

  it('writes the secondary bitmap in hex only when a field above 64 is present', () => {
    const bytes = encodeIso(fromNamedFields('0800', { stan: '000001', networkManagementCode: '301' }, HEX_DIALECT), HEX_DIALECT);
    expect(bytes.subarray(4, 36).toString('latin1')).toBe('80200000000000000400000000000000');
    expect(toNamedFields(decodeIso(bytes, HEX_DIALECT), HEX_DIALECT)).toEqual({ stan: '000001', networkManagementCode: '301' });
  });

  it('rejects a bitmap that is not hex, and fields the table does not know', () => {
    expect(() => decodeIso(Buffer.from('0100ZZ20000000000000000001'), HEX_DIALECT)).toThrow(IsoCodecError);
    expect(() => decodeIso(Buffer.from('01002000000000000000000001'), HEX_DIALECT)).toThrow(/UNKNOWN_FIELD at DE3/);
  });

  it('redacts by the table’s own sensitivity flags', () => {
    const text = JSON.stringify(redactIso(fromNamedFields('0100', { pan: '4761739001010119' }, HEX_DIALECT), HEX_DIALECT));
    expect(text).toContain('476173******0119');
  });
});
