import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Iso8583 = require('iso_8583');
import { decodeIso } from './decode-iso';
import { DIALECT_1987_ASCII } from './dialect-1987-ascii';
import { encodeIso } from './encode-iso';
import { engineFormats } from './iso-engine';
import { toNamedFields } from './named-fields';

const dir = join(__dirname, '..', '..', '..', 'test', 'vectors');
const vectors = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

type Expected = Record<string, string | { hex: string }>;

function plain(named: Record<string, string | Buffer>): Expected {
  return Object.fromEntries(Object.entries(named).map(([k, v]) => [k, Buffer.isBuffer(v) ? { hex: v.toString('hex') } : v]));
}

describe('golden vectors (test/vectors)', () => {
  it('has a vector for every message type we handle', () => {
    expect(new Set(vectors.map((v) => v.mti))).toEqual(
      new Set(['0100', '0101', '0110', '0120', '0121', '0130', '0400', '0401', '0410', '0420', '0421', '0430', '0800', '0810']),
    );
  });

  it.each(vectors)('$name decodes to its expected fields and re-encodes byte for byte', (v) => {
    const bytes = Buffer.from(v.hex, 'hex');
    const message = decodeIso(bytes, DIALECT_1987_ASCII);
    expect(message.mti).toBe(v.mti);
    expect(plain(toNamedFields(message, DIALECT_1987_ASCII))).toEqual(v.fields);
    expect(encodeIso(message, DIALECT_1987_ASCII).toString('hex')).toBe(v.hex);
  });

  // An independent writer for the same bytes: iso_8583's packer, minus the secondary bitmap it always adds.
  it.each(vectors.filter((v) => !Object.values(v.fields as Expected).some((x) => typeof x !== 'string')))('$name matches iso_8583 pack', (v) => {
    const message = decodeIso(Buffer.from(v.hex, 'hex'), DIALECT_1987_ASCII);
    const input: Record<string, string> = { 0: message.mti };
    for (const [n, value] of message.fields) input[n] = value as string;
    const formats = engineFormats(DIALECT_1987_ASCII);
    const packed = new Iso8583(input, formats).getRawMessage() as Buffer;
    const hasSecondary = [...message.fields.keys()].some((n) => n > 64);
    const expected = hasSecondary
      ? packed
      : Buffer.concat([packed.subarray(0, 4), Buffer.from([packed[4] & 0x7f]), packed.subarray(5, 12), packed.subarray(20)]);
    expect(expected.toString('hex')).toBe(v.hex);
  });
});
