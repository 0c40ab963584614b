/** Content classes of ISO 8583:1987 §4.1 (n numeric, an/ans text, z track-2, b binary). */
export type FieldFormat = 'n' | 'an' | 'ans' | 'z' | 'b';

/** FIXED has exactly maxLength units; LLVAR/LLLVAR carry a 2/3-digit ASCII length prefix. */
export type LengthType = 'FIXED' | 'LLVAR' | 'LLLVAR';

/** Digits of the ASCII length prefix before a field's data, by length type (none for FIXED). */
export const LENGTH_PREFIX_DIGITS: Readonly<Record<LengthType, number>> = { FIXED: 0, LLVAR: 2, LLLVAR: 3 };

/** One data element. For `b` fields maxLength counts bytes, otherwise characters. */
export interface FieldSpec {
  readonly name: string;
  readonly format: FieldFormat;
  readonly lengthType: LengthType;
  readonly maxLength: number;
  readonly description: string;
  /** Card data that must never reach a log in clear (PCI DSS 3.4). */
  readonly sensitive?: 'pan' | 'mask';
}

/** A wire dialect: how the bitmap is written plus the data-element table. */
export interface Dialect {
  readonly name: string;
  /** binary: 8 raw bytes per bitmap; hex: 16 ASCII hex characters per bitmap. */
  readonly bitmapEncoding: 'binary' | 'hex';
  readonly fields: Readonly<Record<number, FieldSpec>>;
}
