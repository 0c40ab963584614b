import { currencyByNumeric, decodeDe48, DE48_LABELS, DE70_MEANING, formatRatio, isKnownDe70 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, redactIso, toNamedFields, type Dialect, type IsoMessage } from '@bridge/iso8583';
import { de39Words } from './de39-words';

/** The answers the harness receives, by MTI (ISO 8583:1987: class 1x0 authorization, 4x0 reversal, 8x0 network). */
const MTI_NAMES: Readonly<Record<string, string>> = {
  '0110': 'authorization request response',
  '0130': 'authorization advice response',
  '0410': 'reversal request response',
  '0430': 'reversal advice response',
  '0810': 'network management request response',
};

/** Values wider than this do not widen the column: the note follows them two spaces on. */
const VALUE_COLUMN_MAX = 24;

type Row = readonly [de: string, field: string, value: string, note: string];

/**
 * An answer as a payment engineer reads it: one line per data element in DE order — its number and
 * name from the dialect's table, its value redacted exactly as the logs redact it (redactIso: DE2
 * truncated, DE 14/35/36/45/52/55 never shown) — and what the value means where that is known: DE4 in
 * DE49's currency (ISO 4217 exponent), DE39 and DE70 in words, DE48's subelements one per line.
 */
export function formatResponseTable(answer: IsoMessage, dialect: Dialect = DIALECT_1987_ASCII): string {
  const shown = redactIso(answer, dialect);
  const named = toNamedFields(answer, dialect);
  const rows: Row[] = [['MTI', '', answer.mti, MTI_NAMES[answer.mti] ?? '']];
  const numbers = [...answer.fields.keys()].sort((a, b) => a - b);
  for (const n of numbers) {
    const name = dialect.fields[n]?.name ?? 'unknown';
    const value = shown[`${n}.${name}`];
    if (name === 'additionalData') rows.push(...de48Rows(n, value));
    else rows.push([`DE${n}`, name, value, noteFor(name, value, named.currencyCode)]);
  }
  return layout(rows);
}

/** DE48 as its subelements (docs/wire-format.md#de48), each with what its tag carries. */
function de48Rows(n: number, value: string): Row[] {
  const subelements = Object.entries(decodeDe48(value));
  const head: Row = [`DE${n}`, 'additionalData', `${subelements.length} subelements`, ''];
  return [head, ...subelements.map(([tag, v]): Row => ['', `  ${tag}`, v, DE48_LABELS[tag] ?? 'not a tag this bridge sends'])];
}

function noteFor(name: string, value: string, currencyNumeric: string | Buffer | undefined): string {
  if (name === 'responseCode') return de39Words(value);
  if (name === 'amountTransaction') return majorUnits(value, typeof currencyNumeric === 'string' ? currencyNumeric : undefined);
  if (name === 'networkManagementCode') return isKnownDe70(value) ? DE70_MEANING[value] : '';
  return '';
}

/** DE4's minor units in DE49's currency, e.g. 000000001234 + 840 → "12.34 USD" (bigint: no float). */
function majorUnits(minor: string, currencyNumeric: string | undefined): string {
  const currency = currencyNumeric === undefined ? undefined : currencyByNumeric(currencyNumeric);
  if (!currency || !/^[0-9]+$/.test(minor)) return '';
  const amount = formatRatio({ num: BigInt(minor), den: 10n ** BigInt(currency.exponent) }, currency.exponent);
  return `${amount} ${currency.alpha}`;
}

function layout(rows: readonly Row[]): string {
  const deWidth = Math.max(...rows.map((r) => r[0].length));
  const fieldWidth = Math.max(...rows.map((r) => r[1].length));
  const valueWidth = Math.min(VALUE_COLUMN_MAX, Math.max(...rows.map((r) => r[2].length)));
  return rows
    .map(([de, field, value, note]) => `${de.padEnd(deWidth)}  ${field.padEnd(fieldWidth)}  ${note ? `${value.padEnd(valueWidth)}  ${note}` : value}`.trimEnd())
    .join('\n');
}
