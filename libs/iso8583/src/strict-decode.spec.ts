import { decodeIso } from './decode-iso';
import { DIALECT_1987_ASCII } from './dialect-1987-ascii';
import { encodeIso } from './encode-iso';
import { IsoCodecError, type IsoCodecErrorCode } from './iso-codec-error';
import { fromNamedFields } from './named-fields';

const valid = encodeIso(
  fromNamedFields(
    '0100',
    { pan: '4761739001010119', processingCode: '000000', amountTransaction: '000000001234', stan: '000001', currencyCode: '840' },
    DIALECT_1987_ASCII,
  ),
  DIALECT_1987_ASCII,
);
// Layout: MTI(4) bitmap(8) DE2 "16"+16 DE3 6 DE4 12 DE11 6 DE49 3
const at = { de2: 12, de3: 30, de4: 36, de11: 48, de49: 54 };

function mutate(fn: (b: Buffer) => Buffer): Buffer {
  return fn(Buffer.from(valid));
}

function expectError(body: Buffer, code: IsoCodecErrorCode, field: IsoCodecError['field']): void {
  let caught: unknown;
  try {
    decodeIso(body, DIALECT_1987_ASCII);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(IsoCodecError);
  expect((caught as IsoCodecError).code).toBe(code);
  expect((caught as IsoCodecError).field).toBe(field);
}

describe('strict decoding: what iso_8583 lets through is rejected with a typed error naming the field', () => {
  it('accepts the valid message', () => {
    expect(decodeIso(valid, DIALECT_1987_ASCII).fields.get(4)).toBe('000000001234');
  });

  it('truncated frame', () => expectError(valid.subarray(0, valid.length - 2), 'TRUNCATED', 49));
  it('trailing bytes', () => expectError(Buffer.concat([valid, Buffer.from('00')]), 'TRAILING_BYTES', 'frame'));
  it('bitmap bit for an absent field', () =>
    expectError(
      mutate((b) => ((b[4 + 5] |= 0x01), b)),
      'TRUNCATED',
      48,
    ));
  it('LL prefix not numeric', () =>
    expectError(
      mutate((b) => (b.write('1A', at.de2, 'latin1'), b)),
      'BAD_LENGTH_PREFIX',
      2,
    ));
  it('LL prefix over the field maximum', () =>
    expectError(
      mutate((b) => (b.write('20', at.de2, 'latin1'), b)),
      'LENGTH_OVER_MAX',
      2,
    ));
  it('letters in a numeric field', () =>
    expectError(
      mutate((b) => (b.write('X', at.de4 + 3, 'latin1'), b)),
      'BAD_CONTENT',
      4,
    ));
  it('unknown field number', () =>
    expectError(
      mutate((b) => ((b[4 + 0] |= 0x01), b)),
      'UNKNOWN_FIELD',
      8,
    ));
  it('MTI not four digits', () =>
    expectError(
      mutate((b) => (b.write('01A0', 0, 'latin1'), b)),
      'BAD_MTI',
      'mti',
    ));
  it('wrong fixed length shows as a content or length error on the next field', () => {
    const short = Buffer.concat([valid.subarray(0, at.de3), Buffer.from('00000'), valid.subarray(at.de4)]);
    expect(() => decodeIso(short, DIALECT_1987_ASCII)).toThrow(IsoCodecError);
  });
  it('secondary bitmap flagged but empty', () => {
    const body = Buffer.concat([valid.subarray(0, 4), Buffer.from([valid[4] | 0x80]), valid.subarray(5, 12), Buffer.alloc(8), valid.subarray(12)]);
    expectError(body, 'BAD_CONTENT', 'bitmap');
  });

  it('encoder refuses a wrong fixed length, naming the field', () => {
    expect(() => encodeIso(fromNamedFields('0100', { processingCode: '00000' }, DIALECT_1987_ASCII), DIALECT_1987_ASCII)).toThrow(/BAD_FIXED_LENGTH at DE3/);
  });
});
