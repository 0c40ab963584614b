import { writeBitmap } from './bitmap';
import { isValidContent } from './field-content';
import { LENGTH_PREFIX_DIGITS, type Dialect, type FieldSpec } from './field-spec';
import { IsoCodecError } from './iso-codec-error';
import type { IsoMessage } from './iso-message';

/**
 * Encodes a message body (no length header). Our own writer: iso_8583's packer always emits a
 * secondary bitmap, writes DE64/128 as 4 bytes and corrupts binary LLLVAR (../shared/notes/stack.md).
 * Every field is checked and measured first, then written into one Buffer (a Buffer per field and
 * per length prefix, concatenated, was a few % of the authorizer's allocations).
 */
export function encodeIso(message: IsoMessage, dialect: Dialect): Buffer {
  if (!/^[0-9]{4}$/.test(message.mti)) throw new IsoCodecError('BAD_MTI', 'mti', 'MTI is not four digits');
  const numbers = [...message.fields.keys()].sort((a, b) => a - b);
  const bitmap = writeBitmap(numbers);
  const hexBitmap = dialect.bitmapEncoding === 'hex';
  const specs: FieldSpec[] = [];
  let size = 4 + (hexBitmap ? bitmap.length * 2 : bitmap.length);
  for (const n of numbers) {
    const spec = specOf(dialect, n);
    specs.push(spec);
    size += fieldSize(n, spec, message.fields.get(n)!);
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(message.mti, 0, 'latin1');
  at += hexBitmap ? out.write(bitmap.toString('hex').toUpperCase(), at, 'latin1') : bitmap.copy(out, at);
  numbers.forEach((n, i) => (at = writeField(specs[i], message.fields.get(n)!, out, at)));
  return out;
}

function specOf(dialect: Dialect, n: number): FieldSpec {
  const spec = dialect.fields[n];
  if (!spec) throw new IsoCodecError('UNKNOWN_FIELD', n, 'field not in dialect');
  return spec;
}

/** Checks one field's content and length; returns its encoded size, length prefix included. */
function fieldSize(n: number, spec: FieldSpec, value: string | Buffer): number {
  const length = dataLength(n, spec, value);
  if (spec.lengthType === 'FIXED') {
    if (length !== spec.maxLength) throw new IsoCodecError('BAD_FIXED_LENGTH', n, `length ${length}, expected ${spec.maxLength}`);
    return length;
  }
  if (length > spec.maxLength) throw new IsoCodecError('LENGTH_OVER_MAX', n, `length ${length} over maximum ${spec.maxLength}`);
  return LENGTH_PREFIX_DIGITS[spec.lengthType] + length;
}

/** Text fields are latin1: one byte per character (their formats allow ASCII only). */
function dataLength(n: number, spec: FieldSpec, value: string | Buffer): number {
  if (spec.format === 'b') {
    if (!Buffer.isBuffer(value)) throw new IsoCodecError('BAD_CONTENT', n, 'binary field needs bytes');
    return value.length;
  }
  if (typeof value !== 'string' || !isValidContent(spec.format, value)) {
    throw new IsoCodecError('BAD_CONTENT', n, `characters outside format ${spec.format}`);
  }
  return value.length;
}

function writeField(spec: FieldSpec, value: string | Buffer, out: Buffer, at: number): number {
  const digits = LENGTH_PREFIX_DIGITS[spec.lengthType];
  if (digits) at += out.write(String(value.length).padStart(digits, '0'), at, 'latin1');
  return at + (typeof value === 'string' ? out.write(value, at, 'latin1') : value.copy(out, at));
}
