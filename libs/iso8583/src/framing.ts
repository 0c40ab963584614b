/**
 * Length header in front of every message (docs/wire-format.md#framing). The header
 * counts the bytes after itself; 0 is a keep-alive.
 */
export type FramingKind = 'binary2' | 'ascii4' | 'bcd2';

export const HEADER_BYTES: Record<FramingKind, number> = { binary2: 2, ascii4: 4, bcd2: 2 };

/** Reads a header; returns undefined when the header bytes are not valid for the kind. */
export function readLengthHeader(kind: FramingKind, header: Buffer): number | undefined {
  switch (kind) {
    case 'binary2':
      return header.readUInt16BE(0);
    case 'ascii4': {
      const text = header.toString('latin1');
      return /^[0-9]{4}$/.test(text) ? Number(text) : undefined;
    }
    case 'bcd2': {
      const text = header.toString('hex');
      return /^[0-9]{4}$/.test(text) ? Number(text) : undefined;
    }
  }
}

/** Writes a header for a body of `length` bytes. */
export function writeLengthHeader(kind: FramingKind, length: number): Buffer {
  if (length > 9999 && kind !== 'binary2') throw new RangeError(`frame of ${length} bytes too long for ${kind}`);
  if (kind === 'binary2') {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(length, 0);
    return header;
  }
  const digits = String(length).padStart(4, '0');
  return kind === 'ascii4' ? Buffer.from(digits, 'latin1') : Buffer.from(digits, 'hex');
}

/** Prefixes a body with its length header. */
export function frame(kind: FramingKind, body: Buffer): Buffer {
  return Buffer.concat([writeLengthHeader(kind, body.length), body]);
}
