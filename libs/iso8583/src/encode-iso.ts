import { writeBitmap } from './bitmap';
import { isValidContent } from './field-content';
import type { Dialect, FieldSpec } from './field-spec';
import { IsoCodecError } from './iso-codec-error';
import type { IsoMessage } from './iso-message';

/**
 * Encodes a message body (no length header). Our own writer: iso_8583's packer always emits a
 * secondary bitmap, writes DE64/128 as 4 bytes and corrupts binary LLLVAR (../shared/notes/stack.md).
 */
export function encodeIso(message: IsoMessage, dialect: Dialect): Buffer {
  if (!/^[0-9]{4}$/.test(message.mti)) throw new IsoCodecError('BAD_MTI', 'mti', 'MTI is not four digits');
  const numbers = [...message.fields.keys()].sort((a, b) => a - b);
  const bitmap = writeBitmap(numbers);
  const parts: Buffer[] = [
    Buffer.from(message.mti, 'latin1'),
    dialect.bitmapEncoding === 'hex' ? Buffer.from(bitmap.toString('hex').toUpperCase(), 'latin1') : bitmap,
  ];
  for (const n of numbers) {
    const spec = dialect.fields[n];
    if (!spec) throw new IsoCodecError('UNKNOWN_FIELD', n, 'field not in dialect');
    parts.push(...encodeField(n, spec, message.fields.get(n)!));
  }
  return Buffer.concat(parts);
}

function encodeField(n: number, spec: FieldSpec, value: string | Buffer): Buffer[] {
  const data = toBytes(n, spec, value);
  if (spec.lengthType === 'FIXED') {
    if (data.length !== spec.maxLength) {
      throw new IsoCodecError('BAD_FIXED_LENGTH', n, `length ${data.length}, expected ${spec.maxLength}`);
    }
    return [data];
  }
  if (data.length > spec.maxLength) {
    throw new IsoCodecError('LENGTH_OVER_MAX', n, `length ${data.length} over maximum ${spec.maxLength}`);
  }
  const digits = spec.lengthType === 'LLVAR' ? 2 : 3;
  return [Buffer.from(String(data.length).padStart(digits, '0'), 'latin1'), data];
}

function toBytes(n: number, spec: FieldSpec, value: string | Buffer): Buffer {
  if (spec.format === 'b') {
    if (!Buffer.isBuffer(value)) throw new IsoCodecError('BAD_CONTENT', n, 'binary field needs bytes');
    return value;
  }
  if (typeof value !== 'string' || !isValidContent(spec.format, value)) {
    throw new IsoCodecError('BAD_CONTENT', n, `characters outside format ${spec.format}`);
  }
  return Buffer.from(value, 'latin1');
}
