import type { Dialect } from './field-spec';
import { IsoCodecError } from './iso-codec-error';
import type { IsoMessage } from './iso-message';

export type NamedFields = Record<string, string | Buffer>;

const indexes = new WeakMap<Dialect, Map<string, number>>();

function nameIndex(dialect: Dialect): Map<string, number> {
  let index = indexes.get(dialect);
  if (!index) {
    index = new Map(Object.entries(dialect.fields).map(([n, spec]) => [spec.name, Number(n)]));
    indexes.set(dialect, index);
  }
  return index;
}

/** Fields by their dialect name (`pan`, `stan`, …): what domain code sees instead of numbers. */
export function toNamedFields(message: IsoMessage, dialect: Dialect): NamedFields {
  const named: NamedFields = {};
  for (const [n, value] of message.fields) named[dialect.fields[n].name] = value;
  return named;
}

/** Builds a message from named fields; an unknown name is a programming error, reported as such. */
export function fromNamedFields(mti: string, named: NamedFields, dialect: Dialect): IsoMessage {
  const index = nameIndex(dialect);
  const fields = new Map<number, string | Buffer>();
  for (const [name, value] of Object.entries(named)) {
    const n = index.get(name);
    if (n === undefined) throw new IsoCodecError('UNKNOWN_FIELD', 'frame', `no field named ${name}`);
    fields.set(n, value);
  }
  return { mti, fields };
}
