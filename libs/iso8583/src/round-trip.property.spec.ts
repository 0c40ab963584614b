import fc from 'fast-check';
import { decodeIso } from './decode-iso';
import { DIALECT_1987_ASCII } from './dialect-1987-ascii';
import { encodeIso } from './encode-iso';
import type { FieldSpec } from './field-spec';
import type { IsoMessage } from './iso-message';

const CHARS: Record<Exclude<FieldSpec['format'], 'b'>, string> = {
  n: '0123456789',
  an: 'ABCXYZabcxyz0189 ',
  ans: 'AZaz09 !#%&*/:;<=>?@[]^_{}~.-',
  z: '0123456789=D',
};

function valueFor(spec: FieldSpec): fc.Arbitrary<string | Buffer> {
  const min = spec.lengthType === 'FIXED' ? spec.maxLength : 0;
  if (spec.format === 'b') return fc.uint8Array({ minLength: min, maxLength: spec.maxLength }).map((a) => Buffer.from(a));
  const chars = CHARS[spec.format];
  return fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: spec.maxLength }).map((a) => a.join(''));
}

const message: fc.Arbitrary<IsoMessage> = fc
  .record({
    mti: fc.stringMatching(/^[0-9]{4}$/),
    fields: fc
      .subarray(Object.keys(DIALECT_1987_ASCII.fields).map(Number))
      .chain((numbers) => fc.tuple(...numbers.map((n) => valueFor(DIALECT_1987_ASCII.fields[n]).map((v) => [n, v] as const)))),
  })
  .map(({ mti, fields }) => ({ mti, fields: new Map(fields) }));

describe('property: decode(encode(m)) == m', () => {
  it('holds for random messages over the whole dialect', () => {
    fc.assert(
      fc.property(message, (m) => {
        const back = decodeIso(encodeIso(m, DIALECT_1987_ASCII), DIALECT_1987_ASCII);
        expect(back.mti).toBe(m.mti);
        expect(back.fields).toEqual(m.fields);
      }),
      { numRuns: 2_000 },
    );
  });
});
