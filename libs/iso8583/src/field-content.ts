import type { FieldFormat } from './field-spec';

// Character classes per ISO 8583:1987 §4.1; `an` admits space padding as most networks send it.
const PATTERNS: Record<Exclude<FieldFormat, 'b'>, RegExp> = {
  n: /^[0-9]*$/,
  an: /^[A-Za-z0-9 ]*$/,
  ans: /^[\x20-\x7e]*$/,
  z: /^[0-9=D]*$/, // ISO 7813 track 2: digits and the field separator
};

/** True when `value` only holds characters allowed for `format`. */
export function isValidContent(format: Exclude<FieldFormat, 'b'>, value: string): boolean {
  return PATTERNS[format].test(value);
}
