import type { Dialect } from './field-spec';
import { IsoCodecError } from './iso-codec-error';
import { IsoEngine } from './iso-engine';
import type { IsoMessage } from './iso-message';
import { scanFields } from './scan-fields';

const engines = new WeakMap<Dialect, IsoEngine>();

function engineFor(dialect: Dialect): IsoEngine {
  let engine = engines.get(dialect);
  if (!engine) engines.set(dialect, (engine = new IsoEngine(dialect)));
  return engine;
}

/**
 * Strict decode of one frame body. The scan proves the structure; the iso_8583 engine then
 * unpacks the same bytes and every text field it returns must equal ours, so a disagreement
 * between our table and the engine is an error rather than silent corruption.
 */
export function decodeIso(body: Buffer, dialect: Dialect): IsoMessage {
  const scanned = scanFields(body, dialect);
  const engine = engineFor(dialect);
  if (!engine.supported) return scanned;
  const unpacked = engine.unpack(body);
  if ('error' in unpacked && unpacked.error !== undefined) {
    // The engine knows a fixed list of MTIs; an MTI outside it still gets answered (DE39 12).
    if (/mti/i.test(String(unpacked.error))) return scanned;
    throw new IsoCodecError('ENGINE_MISMATCH', 'frame', `iso_8583: ${String(unpacked.error)}`);
  }
  const text = unpacked as Record<string, string>;
  for (const [n, value] of scanned.fields) {
    if (typeof value === 'string' && text[n] !== value) {
      throw new IsoCodecError('ENGINE_MISMATCH', n, 'iso_8583 read a different value');
    }
  }
  return scanned;
}
