export type IsoCodecErrorCode =
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'BAD_MTI'
  | 'UNKNOWN_FIELD'
  | 'BAD_LENGTH_PREFIX'
  | 'LENGTH_OVER_MAX'
  | 'BAD_FIXED_LENGTH'
  | 'BAD_CONTENT'
  | 'ENGINE_MISMATCH';

/**
 * Every decode/encode failure is one of these; `field` names the data element.
 * The message never contains field values (they may be card data).
 */
export class IsoCodecError extends Error {
  override readonly name = 'IsoCodecError';
  constructor(
    readonly code: IsoCodecErrorCode,
    readonly field: number | 'mti' | 'bitmap' | 'frame',
    detail: string,
  ) {
    super(`${code} at ${typeof field === 'number' ? `DE${field}` : field}: ${detail}`);
  }

  static isIsoCodecError(e: unknown): e is IsoCodecError {
    return e instanceof IsoCodecError;
  }
}
