/** Field numbers present in one or two 8-byte bitmaps (bit 1 of the primary = secondary present). */
export function readBitmapFields(bitmap: Buffer): number[] {
  const fields: number[] = [];
  for (let byte = 0; byte < bitmap.length; byte++) {
    const bits = bitmap[byte];
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) {
      if (bits & (0x80 >> bit)) fields.push(byte * 8 + bit + 1);
    }
  }
  return fields.filter((n) => n !== 1);
}

/** Builds the bitmap bytes: 8, or 16 when any field above 64 is present (ISO 8583 §5.3.1). */
export function writeBitmap(fieldNumbers: readonly number[]): Buffer {
  const secondary = fieldNumbers.some((n) => n > 64);
  const bitmap = Buffer.alloc(secondary ? 16 : 8);
  if (secondary) bitmap[0] |= 0x80;
  for (const n of fieldNumbers) bitmap[(n - 1) >> 3] |= 0x80 >> ((n - 1) & 7);
  return bitmap;
}
