import { readBitmapFields } from './bitmap';
import { isValidContent } from './field-content';
import { LENGTH_PREFIX_DIGITS, type Dialect, type FieldSpec } from './field-spec';
import { IsoCodecError } from './iso-codec-error';

/** Result of the structural scan: MTI, field values, and where the bitmap ended. */
export interface ScannedMessage {
  mti: string;
  fields: Map<number, string | Buffer>;
}

const MTI_PATTERN = /^[0-9]{4}$/;

/** Reads the MTI if the first four bytes are digits; used to answer 30 to a malformed message. */
export function peekMti(body: Buffer): string | undefined {
  const mti = body.subarray(0, 4).toString('latin1');
  return MTI_PATTERN.test(mti) ? mti : undefined;
}

/**
 * Strict structural scan of one frame body (length header already removed). Rejects what
 * iso_8583 lets through silently: truncation, trailing bytes, bits for absent fields,
 * bad/over-max length prefixes, wrong charset, unknown fields, a non-numeric MTI.
 */
export function scanFields(body: Buffer, dialect: Dialect): ScannedMessage {
  const fields = new Map<number, string | Buffer>();
  return { mti: scanInto(body, dialect, fields), fields };
}

/**
 * What could be read of a malformed message before the first error (e.g. DE11 for the
 * DE39 30 answer). Never throws; `error` is the typed reason it stopped.
 */
export function salvageFields(body: Buffer, dialect: Dialect): ScannedMessage & { error?: IsoCodecError } {
  const fields = new Map<number, string | Buffer>();
  try {
    return { mti: scanInto(body, dialect, fields), fields };
  } catch (e) {
    return { mti: peekMti(body) ?? '', fields, error: e as IsoCodecError };
  }
}

function scanInto(body: Buffer, dialect: Dialect, fields: Map<number, string | Buffer>): string {
  const mti = peekMti(body);
  if (!mti) throw new IsoCodecError('BAD_MTI', 'mti', 'MTI is not four digits');
  const { numbers, offset } = readBitmaps(body, dialect);
  let pos = offset;
  for (const n of numbers) {
    const spec = dialect.fields[n];
    if (!spec) throw new IsoCodecError('UNKNOWN_FIELD', n, 'field not in dialect');
    const [value, next] = readField(body, pos, n, spec);
    fields.set(n, value);
    pos = next;
  }
  if (pos !== body.length) {
    throw new IsoCodecError('TRAILING_BYTES', 'frame', `${body.length - pos} bytes after last field`);
  }
  return mti;
}

function readBitmaps(body: Buffer, dialect: Dialect): { numbers: number[]; offset: number } {
  const hex = dialect.bitmapEncoding === 'hex';
  const width = hex ? 16 : 8;
  const primary = take(body, 4, width, 'bitmap');
  const primaryBytes = hex ? hexBitmap(primary) : primary;
  if (!(primaryBytes[0] & 0x80)) return { numbers: readBitmapFields(primaryBytes), offset: 4 + width };
  const secondary = take(body, 4 + width, width, 'bitmap');
  const both = Buffer.concat([primaryBytes, hex ? hexBitmap(secondary) : secondary]);
  if (both.subarray(8).every((b) => b === 0)) {
    throw new IsoCodecError('BAD_CONTENT', 'bitmap', 'secondary bitmap present but empty');
  }
  return { numbers: readBitmapFields(both), offset: 4 + 2 * width };
}

function hexBitmap(ascii: Buffer): Buffer {
  const text = ascii.toString('latin1');
  if (!/^[0-9A-Fa-f]{16}$/.test(text)) throw new IsoCodecError('BAD_CONTENT', 'bitmap', 'bitmap is not hex');
  return Buffer.from(text, 'hex');
}

function take(body: Buffer, pos: number, length: number, field: number | 'bitmap'): Buffer {
  if (pos + length > body.length) {
    throw new IsoCodecError('TRUNCATED', field, `needs ${length} bytes, ${Math.max(0, body.length - pos)} left`);
  }
  return body.subarray(pos, pos + length);
}

function readField(body: Buffer, pos: number, n: number, spec: FieldSpec): [string | Buffer, number] {
  let length = spec.maxLength;
  if (spec.lengthType !== 'FIXED') {
    const digits = LENGTH_PREFIX_DIGITS[spec.lengthType];
    const prefix = take(body, pos, digits, n).toString('latin1');
    if (!/^[0-9]+$/.test(prefix)) throw new IsoCodecError('BAD_LENGTH_PREFIX', n, 'length prefix not numeric');
    length = Number(prefix);
    if (length > spec.maxLength) {
      throw new IsoCodecError('LENGTH_OVER_MAX', n, `length ${length} over maximum ${spec.maxLength}`);
    }
    pos += digits;
  }
  const raw = take(body, pos, length, n);
  if (spec.format === 'b') return [Buffer.from(raw), pos + length];
  const text = raw.toString('latin1');
  if (!isValidContent(spec.format, text)) {
    throw new IsoCodecError('BAD_CONTENT', n, `characters outside format ${spec.format}`);
  }
  return [text, pos + length];
}
