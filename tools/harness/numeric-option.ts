/**
 * A numeric command-line option, checked before anything is sent: a positive number (an integer when
 * asked), at most `max`. `Number('')` is 0 and `Number('abc')` NaN: unchecked, a load run offered
 * nothing for its whole duration, or every request failed at once.
 */
export function numericOption(name: string, value: string, o: { integer?: boolean; max?: number } = {}): number {
  const n = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(n) && n > 0 && (!o.integer || Number.isInteger(n)) && (o.max === undefined || n <= o.max);
  if (!ok) throw new Error(`--${name} must be a positive ${o.integer ? 'integer' : 'number'}${o.max === undefined ? '' : ` up to ${o.max}`}, not "${value}"`);
  return n;
}
