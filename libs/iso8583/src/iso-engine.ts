import Iso8583 = require('iso_8583');
import type { Dialect } from './field-spec';

export interface EngineFormat {
  ContentType: string;
  Label: string;
  LenType: 'fixed' | 'llvar' | 'lllvar';
  MaxLen: number;
}

/** Our dialect table in iso_8583's own format description. */
export function engineFormats(dialect: Dialect): Record<string, EngineFormat> {
  const formats: Record<string, EngineFormat> = {};
  for (const [n, spec] of Object.entries(dialect.fields)) {
    formats[n] = {
      ContentType: spec.format,
      Label: spec.description,
      LenType: spec.lengthType === 'FIXED' ? 'fixed' : spec.lengthType === 'LLVAR' ? 'llvar' : 'lllvar',
      MaxLen: spec.format === 'b' && spec.lengthType === 'FIXED' ? spec.maxLength * 2 : spec.maxLength, // engine counts fixed `b` in hex digits
    };
  }
  return formats;
}

/**
 * The mandated iso_8583 engine, configured from our dialect table. It only understands
 * binary bitmaps; binary LLLVAR values come back corrupted (read as UTF-8), so callers
 * take `b` fields from the strict scan and compare only text fields.
 */
export class IsoEngine {
  private readonly engine: Iso8583;

  constructor(readonly dialect: Dialect) {
    this.engine = new Iso8583(undefined, engineFormats(dialect));
  }

  get supported(): boolean {
    return this.dialect.bitmapEncoding === 'binary';
  }

  /** Unpacks a frame body into field strings keyed by number, or returns the engine's error text. */
  unpack(body: Buffer): Record<string, string> | { error: string } {
    try {
      return this.engine.getIsoJSON(body, { lenHeader: false });
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) }; // some engine paths throw
    }
  }
}
